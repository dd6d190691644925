#!/bin/bash
# Samples, once a second, how long the pipeline waited for a CPU, to set beside a long run's timeline and the
# database's slow-statement log: a store call that is slow while its backend waited on the run queue is the machine's
# queue, not the store. (pipebench profile reports the same figures over its window; this is the time series.)
#
#   scripts/cpu-wait-sampler.sh OUT_FILE &    ... run ...    kill %1
#
# One line per second, every counter cumulative (subtract consecutive lines; a counter can fall when a thread or a
# backend ends, taking its figures with it):
#   epoch_s  procs_running  psi_cpu_some_us  pg_backends_cpu_ns pg_backends_wait_ns  java_cpu_ns java_wait_ns
#   pg_backends java_threads
# procs_running: tasks runnable at that instant (/proc/stat); psi: time some task waited for a CPU (/proc/pressure/cpu);
# the rest from /proc/PID/task/TID/schedstat (on a CPU, waiting on a run queue), summed over postgres connection
# backends (title with "(host(port)") and over every thread of every java process; the last two columns count them,
# so that an interval in which one ended or started can be told apart (scripts/slow-statements-vs-run-queue.py).
set -euo pipefail
out=${1:?usage: cpu-wait-sampler.sh OUT_FILE}
[ -r /proc/self/schedstat ] || { echo "cpu-wait-sampler: this kernel keeps no /proc/*/schedstat" >&2; exit 2; }
echo "# epoch_s procs_running psi_cpu_some_us pg_backends_cpu_ns pg_backends_wait_ns java_cpu_ns java_wait_ns" \
  "pg_backends java_threads" > "$out"
sum() { # the two first fields of schedstat files, summed; awk's %.0f: the totals pass 2^31 in seconds
  if [ $# -eq 0 ]; then echo "0 0"; else cat "$@" 2>/dev/null | awk '{c+=$1; w+=$2} END {printf "%.0f %.0f", c, w}'; fi
}
while true; do
  now=$(date +%s.%N | cut -c1-14)
  running=$(awk '/^procs_running/{print $2}' /proc/stat)
  psi=$(awk '/^some/{sub("total=","",$5); print $5}' /proc/pressure/cpu 2>/dev/null || echo NaN)
  # A backend's title is "postgres: user database host(port) state"; background processes have no "(".
  backends=$(pgrep -f '^postgres: .*\(' | sed 's|.*|/proc/&/schedstat|' || true)
  javas=$(for j in $(pgrep -x java || true); do echo /proc/$j/task/*/schedstat; done)
  # shellcheck disable=SC2086 # word splitting of the file lists is wanted
  echo "$now $running $psi $(sum $backends) $(sum $javas) $(echo $backends | wc -w) $(echo $javas | wc -w)" >> "$out"
  sleep 1
done
