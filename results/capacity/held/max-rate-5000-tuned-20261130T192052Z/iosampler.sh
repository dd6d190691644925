#!/bin/bash
# one line per second: epoch, Dirty kB, Writeback kB, vda writes completed, sectors written, ms writing, in-flight
while true; do
  d=$(awk '/^Dirty:/{d=$2}/^Writeback:/{w=$2}END{print d, w}' /proc/meminfo)
  s=$(awk '$3=="vda"{print $8, $10, $11, $12}' /proc/diskstats)
  echo "$(date +%s.%N | cut -c1-14) $d $s"
  sleep 1
done
