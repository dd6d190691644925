#!/usr/bin/env bash
# The fault campaign of issue 14: runs each fault again and again under load, one run at a time, each run's JSON into
# OUT, then OUT/summary.json (pipebench faults summarize). Exit 1 if any run failed.
#
#   scripts/faults-campaign.sh [OUT]            (default OUT: target/faults-campaign)
#
# Environment (defaults are the issue's): KILL_RUNS=20 runs of each kill fault, DB_RUNS=5 of each database outage
# (netdrop-postgres-* too), LONG_OUTAGE_RUNS=$DB_RUNS of postgres-stop-5m and netdrop-postgres-3m, RATE=200 events/s,
# SECONDS_PER_RUN=60 of publishing, FAULT_AT=20,
# FAULTS="..." to run a subset (names as 'pipebench faults run --help' lists them).
# The faults are interleaved: round i runs every fault that still needs an i-th run, so a campaign stopped early (or
# continued later into the same OUT) has even counts per fault rather than twenty of the first and none of the last.
# FIRST_ROUND=N starts at round N (a campaign continued into a folder that already holds rounds 1..N-1, whole: a
# round stopped half way is run again from its first fault).
#
# The runs use a database of their own, pipebench_faults (created here as scripts/eventstore-db.sh creates
# pipebench): postgres-read-only alters that database only. postgres-stop-* stops the whole local PostgreSQL
# cluster (pg_ctlcluster, needs root): every other user of it sees the outage too.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$root/target/faults-campaign}
kill_runs=${KILL_RUNS:-20}
db_runs=${DB_RUNS:-5}
long_runs=${LONG_OUTAGE_RUNS:-$db_runs}
rate=${RATE:-200}
seconds=${SECONDS_PER_RUN:-60}
fault_at=${FAULT_AT:-20}
faults=${FAULTS:-"sigkill-leader sigkill-coordinator sigkill-controller sigstop-broker kill-consumer \
postgres-terminate-backends postgres-read-only postgres-stop-30s postgres-stop-5m netdrop-postgres-30s \
netdrop-postgres-3m"}

die() { echo "faults-campaign: $*" >&2; exit 2; }
for n in "kill_runs=$kill_runs" "db_runs=$db_runs" "long_runs=$long_runs" "FIRST_ROUND=${FIRST_ROUND:-1}"; do
  [[ "${n#*=}" =~ ^[0-9]+$ ]] || die "${n%%=*} must be a whole number, was '${n#*=}'"
done
[ "${FIRST_ROUND:-1}" -ge 1 ] || die "FIRST_ROUND counts from 1"

"$root/scripts/eventstore-db.sh" >/dev/null
db=pipebench_faults
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"
  elif [ "$(id -un)" = postgres ]; then "$@"
  else sudo -n -u postgres "$@"
  fi
}
if [ -z "${EVENTSTORE_JDBC_URL:-}" ]; then
  exists=$(as_postgres psql -X -Atq -d postgres -c "select 1 from pg_database where datname = '$db'") \
    || die "cannot reach PostgreSQL as its superuser to create the database '$db'; set EVENTSTORE_JDBC_URL to one"
  [ "$exists" = 1 ] || as_postgres createdb -O "${EVENTSTORE_USER:-pipebench}" "$db"
  export EVENTSTORE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db"
fi

mkdir -p "$out"
failed=0
runs_of() {
  case "$1" in
    postgres-stop-5m|netdrop-postgres-3m) echo "$long_runs" ;;
    *postgres*) echo "$db_runs" ;;
    *) echo "$kill_runs" ;;
  esac
}
rounds=0
for fault in $faults; do r=$(runs_of "$fault"); if [ "$r" -gt "$rounds" ]; then rounds=$r; fi; done
[ "${FIRST_ROUND:-1}" -le "$rounds" ] || die "nothing to run: FIRST_ROUND=${FIRST_ROUND:-1}, last round $rounds"
ran=0
for i in $(seq "${FIRST_ROUND:-1}" "$rounds"); do
  for fault in $faults; do
    runs=$(runs_of "$fault")
    [ "$i" -le "$runs" ] || continue
    echo "== $fault run $i/$runs ($(date -u +%H:%M:%S))"
    ran=$((ran + 1))
    "$root/bin/pipebench" faults run --fault "$fault" --rate "$rate" --seconds "$seconds" --fault-at "$fault_at" \
      --out "$out" >"$out/last-run.log" 2>&1 || { rc=$?; failed=$((failed + 1));
        echo "   exit $rc; log: $out/$fault-$i.log"; cp "$out/last-run.log" "$out/$fault-$i.log"; }
    grep -E '^(PASS|FAIL)' "$out/last-run.log" | sed 's/^/   /' || true
  done
done
"$root/bin/pipebench" faults summarize "$out" || true
echo "faults-campaign: $ran run(s), $failed failed; summary in $out/summary.json"
[ "$failed" = 0 ]
