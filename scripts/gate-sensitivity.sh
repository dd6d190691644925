#!/usr/bin/env bash
# The gate-sensitivity study (issue 12): does .ci/run's load gate notice when one stage of the pipeline is made slower
# on purpose, and does it stay quiet when nothing changed? Runs the smoke scenario exactly as .ci/run does, clean and
# with -Dpipebench.slowdown=STAGE:FACTOR, interleaved round by round (so slow drift of this shared machine hits every
# configuration alike), then judges every run with bin/gate against one baseline run.
#
#   scripts/gate-sensitivity.sh run OUT [ROUNDS] [CLEAN_PER_ROUND]
#       OUT/baseline: one clean run first; then ROUNDS rounds of: every fault once and CLEAN_PER_ROUND clean runs.
#   scripts/gate-sensitivity.sh judge OUT THRESHOLDS
#       compares every run with OUT/baseline using THRESHOLDS; writes OUT/summary.json and OUT/summary.md.
#   scripts/gate-sensitivity.sh run-bracketed OUT [ROUNDS]
#       as .ci/run's bracketed gate runs them: clean, then ROUNDS x (each fault, clean), so every run has a clean run
#       just before and just after it; runs are numbered in the order they ran (OUT/runs/NNN-CONFIG).
#   scripts/gate-sensitivity.sh judge-bracketed OUT THRESHOLDS
#       each run against its two clean neighbours (a fault run: the clean runs just before and after; a clean run:
#       the clean runs two places away, so clean pairs are further apart in time than the fault pairs).
# A run is caught when the smoke verdict failed (as .ci/run would fail) or the gate reported a regression.
set -euo pipefail
cd "$(dirname "$0")/.."
# STUDY_FAULTS="store:1.25 publish:1.25" runs only those (default: every stage at 1.25x and 2x)
read -r -a FAULTS <<< "${STUDY_FAULTS:-store:1.25 store:2 consume:analytics:1.25 consume:analytics:2 publish:1.25 publish:2}"

smoke() { # smoke DIR [FAULT] -> the run folder's path on stdout (empty if none), the exit code in DIR.rc
  local dir=$1 fault=${2:-}
  mkdir -p "$dir"
  set +e
  ./mvnw -B -q -o -pl load-tests -am verify -Pload -Dscenario=smoke -DskipTests -DloadResults="$dir" \
      ${fault:+-Dpipebench.slowdown=$fault} > "$dir/console.log" 2>&1
  echo $? > "$dir/rc"
  set -e
  echo "$(date -u +%H:%M:%S) $(basename "$dir") ${fault:-clean} exit $(cat "$dir/rc")" >&2
}

judge_one() { # judge_one DIR BASELINE1 BASELINE2: the run in DIR against both baselines, as .ci/run does
  local dir=$1 run
  run=$(ls -d "$dir"smoke/*/ 2>/dev/null | tail -n 1 || true)
  if [ -z "$run" ] || [ -z "$2" ] || [ -z "$3" ]; then echo 2 > "$dir/gate.rc"; return; fi
  set +e
  bin/gate compare load --baseline "$2" --baseline "$3" --candidate "$run" --thresholds "$thresholds" \
      --markdown "$dir/gate.md" > "$dir/gate.log" 2>&1
  echo $? > "$dir/gate.rc"
  set -e
}

case "${1:-}" in
  run)
    out=$2; rounds=${3:-5}; clean=${4:-2}
    mkdir -p "$out/runs"
    [ -d "$out/baseline" ] || smoke "$out/baseline"
    for r in $(seq 1 "$rounds"); do
      for f in "${FAULTS[@]}"; do smoke "$out/runs/r$r-${f//:/_}" "$f"; done
      for c in $(seq 1 "$clean"); do smoke "$out/runs/r$r-clean$c"; done
    done ;;
  run-bracketed)
    out=$2; rounds=${3:-5}
    mkdir -p "$out/runs"
    n=$(ls "$out/runs" | wc -l)
    numbered() { n=$((n + 1)); smoke "$(printf '%s/runs/%03d-%s' "$out" "$n" "$1")" "${2:-}"; }
    [ "$n" -gt 0 ] || numbered clean
    for r in $(seq 1 "$rounds"); do
      for f in "${FAULTS[@]}"; do
        numbered "${f//:/_}" "$f"
        numbered clean
      done
    done ;;
  judge-bracketed)
    out=$2; thresholds=$3
    runs=("$out"/runs/*/)
    cleans=()
    for i in "${!runs[@]}"; do case "${runs[$i]}" in *-clean/) cleans+=("$i");; esac; done
    folder() { ls -d "${runs[$1]}"smoke/*/ 2>/dev/null | tail -n 1 || true; }
    for k in "${!cleans[@]}"; do
      # a fault run sits between clean k and clean k+1; a clean run k is judged against clean k-1 and k+1
      i=${cleans[$k]}
      if [ $((k + 1)) -lt ${#cleans[@]} ]; then
        j=${cleans[$((k + 1))]}
        for m in $(seq $((i + 1)) $((j - 1))); do judge_one "${runs[$m]}" "$(folder "$i")" "$(folder "$j")"; done
        if [ "$k" -gt 0 ]; then judge_one "${runs[$i]}" "$(folder "${cleans[$((k - 1))]}")" "$(folder "$j")"; fi
      fi
    done
    python3 scripts/gate-sensitivity-summary.py "$out" "$thresholds" ;;
  judge)
    out=$2; thresholds=$3
    base=$(ls -d "$out"/baseline/smoke/*/ | tail -n 1)
    for dir in "$out"/runs/*/; do
      run=$(ls -d "$dir"smoke/*/ 2>/dev/null | tail -n 1 || true)
      if [ -z "$run" ]; then echo 2 > "$dir/gate.rc"; continue; fi
      set +e
      bin/gate compare load --baseline "$base" --candidate "$run" --thresholds "$thresholds" \
          --markdown "$dir/gate.md" > "$dir/gate.log" 2>&1
      echo $? > "$dir/gate.rc"
      set -e
    done
    python3 scripts/gate-sensitivity-summary.py "$out" "$thresholds" ;;
  *) sed -n '2,19p' "$0"; exit 2 ;;
esac
