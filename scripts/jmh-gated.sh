#!/usr/bin/env bash
# The bracketed JMH gate's measurement (issue 12): the two benchmarks of the JMH sensitivity study, one serialization
# (EventCodecBenchmark.serialize, jacksonStrict, OrderCreated) and one store (EventStoreWriteBenchmark.storeAppendAll,
# batch 100), built from the baseline's source tree and from the candidate's, and run one fork at a time in turn:
# for each fork, the baseline's (before), the candidate's, the baseline's again (after). .ci/run gates the candidate
# against both baseline sets. A committed baseline from another session drifted by up to 1.6x on a quiet machine
# (results/gate-sensitivity/jmh/), and whole runs a minute apart still drifted by up to 1.19x (the store, with
# PostgreSQL's own state: checkpoints, vacuum, ...); forks seconds apart, alternated, share that drift.
#
#   scripts/jmh-gated.sh OUT BASELINE_TREE CANDIDATE_TREE [FACTOR]
#       OUT/{before,candidate,after}/{serialization,store-writes-b100}.json (each fork's own file under forks/, joined
#       by 'gate join-forks'), OUT/*/environment.json; FACTOR (e.g. 1.25) slows the candidate's forks on purpose
#       (-Dpipebench.slowdown=jmh:FACTOR; the sensitivity study's fault hook). QUESTIONS="store-writes-b100" runs one.
#
# Options: 5 forks a side (Welch's test on 5 fork means), 2 x 1 s of warm-up (one 1 s left serialize's forks of one
# run up to 1.6x apart) and 2 x 1 s measured. About three minutes for both questions.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 3 ] || { sed -n '2,16p' "$0"; exit 2; }
out=$1
base=$(cd "$2" && pwd)
cand=$(cd "$3" && pwd)
factor=${4:-}
FORKS=5
ARGS=(-f 1 -wi 2 -w 1s -i 2 -r 1s)
questions=${QUESTIONS:-serialization store-writes-b100}

classpath() { # classpath TREE: build its benchmarks once (no install) and cache their class path
  local tree=$1 cp_file=$1/benchmarks/target/jmh-gated.classpath changed
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
  echo "$cp_file"
}

jmh_fork() { # jmh_fork TREE OUTFILE FACTOR(or empty) QUESTION: one fork of one question
  local tree=$1 file=$2 slow=$3 question=$4 bench
  case "$question" in
    serialization) bench=('io\.pipebench\.benchmarks\.serialization\.EventCodecBenchmark\.serialize$'
        -p codec=jacksonStrict -p input=OrderCreated) ;;
    store-writes-b100) bench=('io\.pipebench\.benchmarks\.store\.EventStoreWriteBenchmark\.storeAppendAll$'
        -p batchSize=100 -p shape=eventPerAggregate -opi 100) ;;
    *) echo "jmh-gated: unknown question '$question' in QUESTIONS (serialization, store-writes-b100)" >&2; exit 2 ;;
  esac
  (cd "$tree" && java -Xmx256m -cp "$(cat "$tree/benchmarks/target/jmh-gated.classpath")" org.openjdk.jmh.Main \
      "${bench[@]}" "${ARGS[@]}" -foe true -jvmArgs "-Xmx1g -Xms1g -XX:-HeapDumpOnOutOfMemoryError" \
      ${slow:+-jvmArgsAppend -Dpipebench.slowdown=jmh:$slow} -rf json -rff "$file") >> "${file%.json}.log" 2>&1
}

classpath "$base" > /dev/null
classpath "$cand" > /dev/null
mkdir -p "$out"
out=$(cd "$out" && pwd)
for side in before candidate after; do mkdir -p "$out/$side/forks"; done
for question in $questions; do
  for i in $(seq 1 "$FORKS"); do
    for side in before candidate after; do
      tree=$base slow=""
      [ "$side" != candidate ] || { tree=$cand; slow=$factor; }
      jmh_fork "$tree" "$out/$side/forks/$question-$i.json" "$slow" "$question" \
          || { echo "jmh-gated: fork $i of $question failed on the $side side (see $out/$side/forks/$question-$i.log)" >&2; exit 1; }
    done
  done
  for side in before candidate after; do
    files=()
    for i in $(seq 1 "$FORKS"); do files+=("$out/$side/forks/$question-$i.json"); done
    "$root/bin/gate" join-forks --out "$out/$side/$question.json" "${files[@]}" > /dev/null
  done
done
for side in before candidate after; do
  tree=$base; [ "$side" != candidate ] || tree=$cand
  (cd "$tree" && "$root/bin/gate" env --kafka-version 4.4.0 --out "$out/$side/environment.json" > /dev/null)
done
