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
# A run is caught when the smoke verdict failed (as .ci/run would fail) or the gate reported a regression.
set -euo pipefail
cd "$(dirname "$0")/.."
FAULTS=(store:1.25 store:2 consume:analytics:1.25 consume:analytics:2 publish:1.25 publish:2)

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

case "${1:-}" in
  run)
    out=$2; rounds=${3:-5}; clean=${4:-2}
    mkdir -p "$out/runs"
    [ -d "$out/baseline" ] || smoke "$out/baseline"
    for r in $(seq 1 "$rounds"); do
      for f in "${FAULTS[@]}"; do smoke "$out/runs/r$r-${f//:/_}" "$f"; done
      for c in $(seq 1 "$clean"); do smoke "$out/runs/r$r-clean$c"; done
    done ;;
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
  *) sed -n '2,13p' "$0"; exit 2 ;;
esac
