#!/usr/bin/env bash
# The bracketed JMH gate's measurement (issue 12): the two benchmarks of the JMH sensitivity study, one serialization
# (EventCodecBenchmark.serialize, jacksonStrict, OrderCreated) and one store (EventStoreWriteBenchmark.storeAppendAll,
# batch 100), built from a given source tree and run with the options below. .ci/run runs it on the baseline commit,
# on this commit, and on the baseline commit again, and gates this commit against both baseline runs: a committed
# baseline from another session drifted by up to 1.6x on a quiet machine (results/gate-sensitivity/jmh/), more than
# the 1.25x the gate must catch; runs minutes apart in one job drift much less.
#
#   scripts/jmh-gated.sh TREE OUT [FACTOR]
#       OUT/serialization.json, OUT/store-writes-b100.json, OUT/environment.json; FACTOR (e.g. 1.25) slows both on
#       purpose (-Dpipebench.slowdown=jmh:FACTOR in the forks; the sensitivity study's fault hook).
#
# Options: 5 forks (Welch's test on 5 fork means a side instead of the quick profile's 3), 2 x 1 s of warm-up (the
# quick profile's single 1 s left serialize's forks of one run up to 1.6x apart) and 2 x 1 s measured. About a
# minute for both.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 2 ] || { sed -n '2,14p' "$0"; exit 2; }
tree=$(cd "$1" && pwd)
out=$2
factor=${3:-}
ARGS=(-f 5 -wi 2 -w 1s -i 2 -r 1s)
SERIALIZE='io\.pipebench\.benchmarks\.serialization\.EventCodecBenchmark\.serialize$'
APPEND_ALL='io\.pipebench\.benchmarks\.store\.EventStoreWriteBenchmark\.storeAppendAll$'

cp_file=$tree/benchmarks/target/jmh-gated.classpath
# Rebuilt when any module it is made of changed (system depends on gate); a path find cannot read counts as changed.
if [ ! -f "$cp_file" ] || ! changed=$(find "$tree/pom.xml" "$tree/.mvn" "$tree/gate/pom.xml" "$tree/gate/src" \
    "$tree/system/pom.xml" "$tree/system/src" "$tree/benchmarks/pom.xml" "$tree/benchmarks/src" -newer "$cp_file" \
    -print -quit 2>/dev/null) || [ -n "$changed" ]; then
  # One reactor run (-am), as bin/pipebench does, so the system module's dependencies come with it.
  (cd "$tree" && ./mvnw -B -q -pl benchmarks -am package dependency:build-classpath -DskipTests \
      -DexcludeGroupIds=io.pipebench -Dmdep.outputFile=target/jmh-gated.deps >&2)
  printf '%s:%s:%s:%s' "$tree/benchmarks/target/classes" "$tree/system/target/classes" "$tree/gate/target/classes" \
      "$(cat "$tree/benchmarks/target/jmh-gated.deps")" > "$cp_file"
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
jmh() { # jmh OUTFILE ARGS...
  local file=$1
  shift
  (cd "$tree" && java -Xmx256m -cp "$(cat "$cp_file")" org.openjdk.jmh.Main "$@" "${ARGS[@]}" -foe true \
      -jvmArgs "-Xmx1g -Xms1g -XX:-HeapDumpOnOutOfMemoryError" \
      ${factor:+-jvmArgsAppend -Dpipebench.slowdown=jmh:$factor} -rf json -rff "$file")
}
rc=0
jmh "$out/serialization.json" "$SERIALIZE" -p codec=jacksonStrict -p input=OrderCreated \
    > "$out/serialization.log" 2>&1 || rc=$?
jmh "$out/store-writes-b100.json" "$APPEND_ALL" -p batchSize=100 -p shape=eventPerAggregate -opi 100 \
    > "$out/store-writes-b100.log" 2>&1 || rc=$?
(cd "$tree" && "$root/bin/gate" env --kafka-version 4.4.0 --out "$out/environment.json" > /dev/null)
[ "$rc" = 0 ] || { echo "jmh-gated: a benchmark failed in $tree (see $out/*.log)" >&2; exit "$rc"; }
