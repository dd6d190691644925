#!/usr/bin/env bash
# The JMH half of the gate-sensitivity study (issue 12): does .ci/run's JMH gate notice a gated benchmark made slower
# on purpose, and does it stay quiet when nothing changed? Runs the two gated benchmarks of the study with the quick
# profile's own options (read from benchmarks/pom.xml), clean and with -Dpipebench.slowdown=jmh:FACTOR in the forks,
# interleaved round by round (so slow drift of this shared machine hits every configuration alike), then judges every
# run with `bin/gate compare jmh` against one clean baseline run.
#
#   scripts/jmh-sensitivity.sh run OUT [ROUNDS] [CLEAN_PER_ROUND]
#       OUT/baseline: one clean run first; then ROUNDS rounds of: each factor once and CLEAN_PER_ROUND clean runs.
#   scripts/jmh-sensitivity.sh judge OUT THRESHOLDS
#       compares every run with OUT/baseline using THRESHOLDS (as .ci/run compares with a committed baseline);
#       writes OUT/summary.json and OUT/summary.md.
#   scripts/jmh-sensitivity.sh judge-paired OUT THRESHOLDS
#       compares every run with the clean run just before it (OUT/order), as a CI job that runs the baseline and the
#       candidate back to back would; writes OUT/summary-paired.json and OUT/summary-paired.md.
#   scripts/jmh-sensitivity.sh run-alternated OUT [ROUNDS]
#       what .ci/run's bracketed JMH gate runs (scripts/jmh-gated.sh OUT . . FACTOR: this tree as baseline and as
#       candidate, forks alternated): ROUNDS x (1.25x, clean, 2x, clean). QUESTIONS="store-writes-b100" runs one.
#   scripts/jmh-sensitivity.sh judge-alternated OUT THRESHOLDS
#       each run's candidate against its own before and after forks, as .ci/run judges; OUT/summary-alternated.*.
# (results/gate-sensitivity/jmh/bracketed/ was made by this script's earlier run-gated/judge-gated, whole runs
# bracketed by whole clean runs, at 282053f and before: see git show 282053f:scripts/jmh-sensitivity.sh.)
# A fault is caught when the gate of its benchmark exits 1 (as .ci/run would fail); a clean run fails when either
# gate exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
FACTORS=(1.25 2)
SERIALIZE='io\.pipebench\.benchmarks\.serialization\.EventCodecBenchmark\.serialize$'
APPEND_ALL='io\.pipebench\.benchmarks\.store\.EventStoreWriteBenchmark\.storeAppendAll$'
cp_file=benchmarks/target/jmh-sensitivity.classpath

quick() { # the quick profile's arguments for one question, so the study runs what CI runs
  sed -n "s:.*<jmh\.$1\.args>\(.*\)</jmh\.$1\.args>.*:\1:p" benchmarks/pom.xml | tail -n 1
}

classpath() { # build the benchmarks (no install) and cache their class path, like bin/pipebench
  if [ ! -f "$cp_file" ] || [ -n "$(find pom.xml system/src benchmarks/src benchmarks/pom.xml -newer "$cp_file" \
      -print -quit)" ]; then
    # One reactor run (-am), as bin/pipebench does: without it the system module is resolved from ~/.m2, where a
    # fresh clone has none, and its dependencies (Jackson's JavaTimeModule, HikariCP) were missing from the path.
    ./mvnw -B -q -pl benchmarks -am package dependency:build-classpath -DskipTests -DexcludeGroupIds=io.pipebench \
        -Dmdep.outputFile=target/jmh-sensitivity.deps >&2
    printf '%s:%s:%s:%s' "$PWD/benchmarks/target/classes" "$PWD/system/target/classes" "$PWD/gate/target/classes" \
        "$(cat benchmarks/target/jmh-sensitivity.deps)" > "$cp_file"
  fi
}

jmh() { # jmh OUTFILE FACTOR(or empty) ARGS...
  local out=$1 factor=$2
  shift 2
  java -Xmx256m -cp "$(cat "$cp_file")" org.openjdk.jmh.Main "$@" -foe true \
      -jvmArgs "-Xmx1g -Xms1g -XX:-HeapDumpOnOutOfMemoryError" \
      ${factor:+-jvmArgsAppend -Dpipebench.slowdown=jmh:$factor} -rf json -rff "$out"
}

study_run() { # study_run DIR [FACTOR]: both benchmarks, as .ci/run's questions serialization and store-writes-b100
  local dir=$1 factor=${2:-} rc=0 t0
  t0=$(date +%s)
  mkdir -p "$dir"
  jmh "$dir/serialization.json" "$factor" "$SERIALIZE" $(quick serialization) -p codec=jacksonStrict -prof gc \
      > "$dir/serialization.log" 2>&1 || rc=$?
  jmh "$dir/store-writes-b100.json" "$factor" "$APPEND_ALL" -p batchSize=100 -opi 100 $(quick store) \
      > "$dir/store-writes-b100.log" 2>&1 || rc=$?
  cp "$env_file" "$dir/environment.json"
  echo "$rc" > "$dir/rc"
  basename "$dir" >> "$(dirname "$dir")/../order"
  echo "$(date -u +%H:%M:%S) $(basename "$dir") ${factor:-clean} exit $rc ($(( $(date +%s) - t0 )) s)" >&2
}

case "${1:-}" in
  run)
    out=$2; rounds=${3:-5}; clean=${4:-2}
    mkdir -p "$out/runs"
    classpath
    env_file=$out/environment.json
    bin/gate env --kafka-version 4.4.0 --out "$env_file" > /dev/null
    [ -f "$out/baseline/rc" ] || { study_run "$out/baseline"; echo baseline > "$out/order"; }
    for r in $(seq 1 "$rounds"); do
      # clean runs between the faults, so each fault has a clean neighbour in time
      for c in $(seq 1 "$clean"); do
        study_run "$out/runs/r$r-clean$c"
        [ "$c" -gt "${#FACTORS[@]}" ] || study_run "$out/runs/r$r-x${FACTORS[$((c - 1))]}" "${FACTORS[$((c - 1))]}"
      done
      for i in $(seq $((clean + 1)) "${#FACTORS[@]}"); do
        study_run "$out/runs/r$r-x${FACTORS[$((i - 1))]}" "${FACTORS[$((i - 1))]}"
      done
    done ;;
  run-alternated)
    # What .ci/run's bracketed JMH gate runs: each run's candidate forks alternate with its baseline's (before, after).
    out=$2; rounds=${3:-5}
    mkdir -p "$out/runs"
    alternated() { # alternated NAME [FACTOR]
      local t0 rc=0
      t0=$(date +%s)
      mkdir -p "$out/runs/$1"
      scripts/jmh-gated.sh "$out/runs/$1" . . ${2:+"$2"} || rc=$?
      echo "$rc" > "$out/runs/$1/rc"
      echo "$1" >> "$out/order"
      echo "$(date -u +%H:%M:%S) $1 ${2:-clean} exit $rc ($(( $(date +%s) - t0 )) s)" >&2
    }
    [ ! -f "$out/order" ] || { echo "$out already holds a study; give a new folder" >&2; exit 2; }
    echo "${QUESTIONS:-serialization store-writes-b100}" > "$out/questions" # what every run was asked, for judging
    for r in $(seq 1 "$rounds"); do
      alternated "r$r-x1.25" 1.25; alternated "r$r-clean1"; alternated "r$r-x2" 2; alternated "r$r-clean2"
    done ;;
  judge-alternated)
    # As .ci/run judges: each run's candidate against its own before and after forks, both as --baseline.
    out=$2; thresholds=$3
    read -r -a questions < "$out/questions"
    while read -r name; do
      dir=$out/runs/$name
      for q in "${questions[@]}"; do
        # A run whose forks failed has no result here: the gate exits 2 on it, counted as failed (CI fails too).
        set +e
        bin/gate compare jmh --baseline "$dir/before/$q.json" --baseline "$dir/after/$q.json" \
            --candidate "$dir/candidate/$q.json" --thresholds "$thresholds" --markdown "$dir/gate-alternated-$q.md" \
            > "$dir/gate-alternated-$q.log" 2>&1
        echo $? > "$dir/gate-alternated-$q.rc"
        set -e
      done
    done < "$out/order"
    python3 scripts/jmh-sensitivity-summary.py "$out" "$thresholds" gate-alternated ;;
  judge|judge-paired)
    out=$2; thresholds=$3; prefix=${1/judge/gate}; previous=$out/baseline
    while read -r name; do
      [ "$name" != baseline ] || continue
      dir=$out/runs/$name
      base=$out/baseline
      [ "$1" = judge ] || base=$previous
      for q in serialization store-writes-b100; do
        set +e
        bin/gate compare jmh --baseline "$base/$q.json" --candidate "$dir/$q.json" \
            --thresholds "$thresholds" --markdown "$dir/$prefix-$q.md" > "$dir/$prefix-$q.log" 2>&1
        echo $? > "$dir/$prefix-$q.rc"
        set -e
      done
      [[ $name != *clean* ]] || previous=$dir
    done < "$out/order"
    python3 scripts/jmh-sensitivity-summary.py "$out" "$thresholds" "$prefix" ;;
  *) sed -n '2,24p' "$0"; exit 2 ;;
esac
