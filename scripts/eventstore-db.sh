#!/usr/bin/env bash
# Makes the event-store database available and prints its JDBC URL. Idempotent: safe to run again and again.
#
# - EVENTSTORE_JDBC_URL set: only checks that the database answers (with EVENTSTORE_USER / EVENTSTORE_PASSWORD).
# - Otherwise, on this machine: starts the local PostgreSQL cluster if it is stopped (Debian's pg_ctlcluster),
#   creates the role and database 'pipebench' if missing, and checks a login over TCP.
# - Nothing answers and nothing can be started: stops with a message naming the variable to set.
# --write-heavy (local cluster only): fewer and cheaper checkpoints for sustained appends (the capacity runs). With
#   PostgreSQL 15's defaults (max_wal_size 1GB, no WAL compression) 5,000 events/s fill the WAL in ~80 s, and the
#   full-page images after every checkpoint stalled the audit group's commits for seconds (results/capacity/README.md).
#   And shared_buffers 2GB: with Debian's 128MB the events table's two random-key indexes (event id, stream key)
#   outgrow the buffers within a minute at 5,000/s, and every append evicts ~2 dirty 8 KB pages: ~77 MB/s of writes
#   that the WAL's fsync then queues behind (COMMITs of 150-315 ms, results/capacity/README.md). A managed server sizes
#   it to about a quarter of memory (Amazon RDS's default). --defaults undoes all three. A changed shared_buffers needs a
#   restart: the script restarts the cluster then (open connections are cut), otherwise it only reloads.
set -euo pipefail

tune=""
case "${1:-}" in
  "") ;;
  --write-heavy|--defaults) tune=$1 ;;
  *) echo "eventstore-db: unknown option '$1'; use --write-heavy, --defaults or nothing" >&2; exit 2 ;;
esac

user="${EVENTSTORE_USER:-pipebench}"
password="${EVENTSTORE_PASSWORD:-pipebench}"

die() { echo "eventstore-db: $*" >&2; exit 1; }

# The URL as it may be printed (the shell twin of io.pipebench.secrets.Redact): no query, no user:password@ part.
redact_url() {
  local u="${1%%[?;#]*}"
  case "$u" in
    *://*@*) local scheme="${u%%://*}" rest="${u#*://}"
             local hosts="${rest%%/*}" path=""
             [ "$hosts" = "$rest" ] || path="/${rest#*/}"
             u="$scheme://${hosts##*@}$path" ;;
  esac
  printf '%s' "$u" | tr -d '[:cntrl:]'
}

# jdbc:postgresql://host[:port]/db[?params] -> host, port, db
parse_jdbc_url() {
  local rest="${1#jdbc:postgresql://}"
  [ "$rest" != "$1" ] || die "EVENTSTORE_JDBC_URL must start with jdbc:postgresql:// (was '$(redact_url "$1")')."
  rest="${rest%%\?*}"
  local hostport="${rest%%/*}"
  db="${rest#*/}"
  [ "$db" != "$rest" ] && [ -n "$db" ] || die "EVENTSTORE_JDBC_URL names no database: use jdbc:postgresql://host:5432/dbname."
  host="${hostport%%:*}"
  port="${hostport##*:}"
  [ "$port" != "$hostport" ] || port=5432
}

check_login() {
  PGPASSWORD="$password" PGCONNECT_TIMEOUT=5 psql -X -q -h "$host" -p "$port" -U "$user" -d "$db" \
    -c 'select 1' >/dev/null 2>"${TMPDIR:-/tmp}/eventstore-db.err"
}

if [ -n "${EVENTSTORE_JDBC_URL:-}" ]; then
  parse_jdbc_url "$EVENTSTORE_JDBC_URL"
  shown=$(redact_url "$EVENTSTORE_JDBC_URL")
  command -v psql >/dev/null || die "psql is not installed, so the database at $shown cannot be checked here."
  if check_login; then
    echo "EVENTSTORE_JDBC_URL=$shown"
    exit 0
  fi
  die "The database at EVENTSTORE_JDBC_URL=$shown does not accept user '$user': $(head -c 300 "${TMPDIR:-/tmp}/eventstore-db.err"). Fix EVENTSTORE_JDBC_URL, EVENTSTORE_USER or EVENTSTORE_PASSWORD."
fi

host=127.0.0.1
port=5432
db=pipebench
url="jdbc:postgresql://$host:$port/$db"
hint="Set EVENTSTORE_JDBC_URL (and EVENTSTORE_USER, EVENTSTORE_PASSWORD) to a reachable PostgreSQL database."

command -v pg_isready >/dev/null || die "No PostgreSQL client tools here (pg_isready, psql). $hint"

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"
  elif [ "$(id -un)" = postgres ]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -u postgres "$@"
  else return 1
  fi
}

if ! pg_isready -q -h "$host" -p "$port"; then
  command -v pg_lsclusters >/dev/null || die "No PostgreSQL answers on $host:$port and there is no local cluster to start. $hint"
  cluster=$(pg_lsclusters --no-header | awk -v p="$port" '$3 == p { print $1 " " $2; exit }')
  [ -n "$cluster" ] || die "No PostgreSQL answers on $host:$port and no local cluster uses that port. $hint"
  echo "eventstore-db: starting PostgreSQL cluster $cluster" >&2
  if [ "$(id -u)" = 0 ]; then pg_ctlcluster $cluster start
  else as_postgres pg_ctlcluster $cluster start || die "Cannot start PostgreSQL cluster $cluster (needs root or the postgres user). $hint"
  fi
  for _ in $(seq 1 60); do pg_isready -q -h "$host" -p "$port" && break; sleep 0.5; done
  pg_isready -q -h "$host" -p "$port" || die "PostgreSQL cluster $cluster did not accept connections within 30 s; see its log under /var/log/postgresql. $hint"
fi

if ! check_login; then
  # Role and database are created only when the login fails, so a running setup is never touched.
  sql_user=${user//\'/\'\'}
  sql_password=${password//\'/\'\'}
  as_postgres psql -X -q -v ON_ERROR_STOP=1 -d postgres <<SQL >/dev/null || die "Cannot create role and database '$db' as the postgres superuser (run this script as root or postgres). $hint"
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$sql_user') THEN
    CREATE ROLE "$user" LOGIN PASSWORD '$sql_password';
  ELSE
    ALTER ROLE "$user" LOGIN PASSWORD '$sql_password';
  END IF;
END \$\$;
SELECT format('CREATE DATABASE %I OWNER %I', '$db', '$sql_user')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db') \gexec
SQL
  check_login || die "Created role '$user' and database '$db', but a login over TCP still fails: $(head -c 300 "${TMPDIR:-/tmp}/eventstore-db.err"). $hint"
fi

if [ -n "$tune" ]; then
  [ -z "${EVENTSTORE_JDBC_URL:-}" ] || die "$tune changes the local cluster's settings; EVENTSTORE_JDBC_URL points elsewhere: tune that server yourself."
  # one statement per -c: ALTER SYSTEM refuses to run inside the transaction a multi-statement string gets
  if [ "$tune" = --write-heavy ]; then
    set -- -c "ALTER SYSTEM SET wal_compression = 'lz4'" -c "ALTER SYSTEM SET max_wal_size = '4GB'" \
      -c "ALTER SYSTEM SET shared_buffers = '2GB'"
  else
    set -- -c "ALTER SYSTEM RESET wal_compression" -c "ALTER SYSTEM RESET max_wal_size" \
      -c "ALTER SYSTEM RESET shared_buffers"
  fi
  as_postgres psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@" -c "SELECT pg_reload_conf()" >/dev/null \
    || die "Cannot change the settings as the postgres superuser (run this script as root or postgres)."
  restart=$(as_postgres psql -X -At -d postgres -c "SELECT count(*) FROM pg_settings WHERE pending_restart") \
    || die "Cannot read pg_settings as the postgres superuser."
  if [ "$restart" != 0 ]; then
    cluster=$(pg_lsclusters --no-header | awk -v p="$port" '$3 == p { print $1 " " $2; exit }')
    [ -n "$cluster" ] || die "$tune changed shared_buffers, which needs a restart, but no local cluster uses port $port: restart the server yourself."
    echo "eventstore-db: restarting PostgreSQL cluster $cluster for shared_buffers" >&2
    pg_ctlcluster $cluster restart || as_postgres pg_ctlcluster $cluster restart \
      || die "Cannot restart PostgreSQL cluster $cluster (needs root or the postgres user)."
    for _ in $(seq 1 60); do pg_isready -q -h "$host" -p "$port" && break; sleep 0.5; done
    pg_isready -q -h "$host" -p "$port" || die "PostgreSQL cluster $cluster did not come back within 30 s; see its log under /var/log/postgresql."
  fi
  echo "eventstore-db: $tune applied (wal_compression, max_wal_size, shared_buffers; $([ "$restart" != 0 ] && echo restarted || echo configuration reloaded))" >&2
fi

echo "EVENTSTORE_JDBC_URL=$url"
