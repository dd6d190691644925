#!/usr/bin/env bash
# Writes results/gate-sensitivity/summary.json in the issue's format from the campaign summaries it rests on: the
# load gate's stage faults (stage-ratios/summary-all-stages.json) and the JMH gate's alternated studies. Only the
# latest study of each half counts; the older ones stay in their folders as history.
set -euo pipefail
cd "$(dirname "$0")/../results/gate-sensitivity"
load=stage-ratios/summary-all-stages.json
store=jmh/alternated/summary-alternated.json
codec=jmh/alternated-serialize-calibrated/summary-alternated.json
jq -n --slurpfile l "$load" --slurpfile s "$store" --slurpfile c "$codec" \
   --arg ls "$load" --arg ss "$store" --arg cs "$codec" '{
  sources: {load: $ls, jmh: [$ss, $cs]},
  thresholds: $l[0].thresholds,
  faults: [$l[0].faults[] | {stage, factor, runs, caught}],
  clean: {runs: $l[0].clean.runs, failed: $l[0].clean.failed},
  jmh: {
    thresholds: [$s[0].thresholds, $c[0].thresholds],
    faults: [($s[0], $c[0]) | .faults[] | {benchmark, factor, runs, caught}],
    clean: {runs: ($s[0].clean.runs + $c[0].clean.runs), failed: ($s[0].clean.failed + $c[0].clean.failed)}
  },
  target: "every 2x caught in every run, every 1.25x in >= 80% of runs, clean runs failing <= 5%"
}' > summary.json
echo "wrote results/gate-sensitivity/summary.json"
