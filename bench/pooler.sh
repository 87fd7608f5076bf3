#!/usr/bin/env bash
# The server straight on PostgreSQL vs behind PgBouncer in transaction mode, under the load of the
# "behind PgBouncer" report: MCP tools/call db_query_records (50 rows) at 16 connections.
#
# Starts a throw-away PostgreSQL 15 (Debian binaries) with the demo dataset and Debian's PgBouncer in
# front of it (pool_mode = transaction, default_pool_size = 20, otherwise shipped defaults), then
# runs the packaged server three times, each measured for BENCH_DURATION seconds after a 5 s warm-up:
#   direct          DATABASE_URL = PostgreSQL
#   pgbouncer       DATABASE_URL = PgBouncer, nothing else set (the server detects the pooler)
#   pgbouncer-none  the same with DB_ADMIN_POOLER=none: server-side prepared statements and session
#                   settings as on PostgreSQL itself, i.e. what the server did before detection
# Failed calls come from the audit log (an MCP tool error is an HTTP 200 that autocannon counts as a
# success). Prints a Markdown table; raw output goes to bench/results/pooler-<timestamp>/. Bounded:
# about 3 minutes plus the first demo load; every command has a timeout.
#
# Settings (environment): BENCH_DURATION (15), BENCH_CLIENTS (16), BENCH_BOOKS (20000),
#   BENCH_PORT (3310), BENCH_PG_PORT (55410), BENCH_BOUNCER_PORT (55412)
# Needs: root (PostgreSQL and PgBouncer run as user postgres through runuser), java 17, node/npx,
#   psql, /usr/sbin/pgbouncer (apt-get install pgbouncer), python3.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${BENCH_DURATION:-15}
CLIENTS=${BENCH_CLIENTS:-16}
BOOKS=${BENCH_BOOKS:-20000}
PORT=${BENCH_PORT:-3310}
PG_PORT=${BENCH_PG_PORT:-55410}
BOUNCER_PORT=${BENCH_BOUNCER_PORT:-55412}
PG_BIN=/usr/lib/postgresql/15/bin
JAR=target/database-admin-server-1.0.0.jar
BOUND=$((DURATION + 60))
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx716m -Xms256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}
RESULTS=bench/results/pooler-$(date +%Y%m%d-%H%M%S)

mkdir -p "$RESULTS"
RESULTS=$(cd "$RESULTS" && pwd)
WORK=$(mktemp -d /tmp/dbadmin-bench-pooler-XXXXXX)
chown postgres: "$WORK"
chmod 700 "$WORK"
PGDATA=$WORK/pg
SERVER_PID=
PG_STARTED=

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
}

cleanup() {
  stop_server
  if [ -f "$WORK/pgbouncer.pid" ]; then kill "$(cat "$WORK/pgbouncer.pid")" 2>/dev/null || true; fi
  cp "$WORK/pgbouncer.log" "$RESULTS/" 2>/dev/null || true
  if [ -n "$PG_STARTED" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop > /dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

psql_run() {
  timeout "$BOUND" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"
}

# start_server NAME URL [ENV=VALUE...]
start_server() {
  local name=$1 url=$2
  shift 2
  local jvm_opts=()
  read -r -a jvm_opts <<< "$JAVA_OPTS"
  env DB_ADMIN_PORT="$PORT" DATABASE_URL="$url" DATABASE_USER=postgres DB_ADMIN_DATABASE_LOAD_DEMO=true \
    DB_ADMIN_DEMO_BOOKS="$BOOKS" DB_ADMIN_RATE_LIMIT=0 DB_ADMIN_POOL_SIZE="$CLIENTS" DB_ADMIN_LOG_FORMAT=text "$@" \
    java "${jvm_opts[@]}" -jar "$JAR" > "$RESULTS/server-$name.log" 2>&1 &
  SERVER_PID=$!
  local deadline=$((SECONDS + 180))
  until curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health" 2>/dev/null; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null || [ "$SECONDS" -gt "$deadline" ]; then
      log "server did not come up; see $RESULTS/server-$name.log"
      exit 1
    fi
    sleep 0.2
  done
}

MCP=http://127.0.0.1:$PORT/mcp
MCP_HEADERS=(-H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream')
QUERY_CALL='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"db_query_records","arguments":{"table":"books","columns":["id","title","status","word_count"],"order_by":[{"column":"id"}],"limit":50}}}'

autocannon_run() {
  local name=$1 seconds=$2
  timeout "$BOUND" npx -y autocannon -c "$CLIENTS" -d "$seconds" -t 30 -m POST "${MCP_HEADERS[@]}" \
    -b "$QUERY_CALL" --json "$MCP" > "$RESULTS/$name.json" 2> "$RESULTS/$name.stderr"
}

# scenario NAME URL [ENV=VALUE...]: start the server, warm up, measure, count audited calls and failures.
scenario() {
  local name=$1
  start_server "$@"
  local mode
  mode=$(curl -fsS "http://127.0.0.1:$PORT/health" | python3 -c \
    'import json,sys; print(json.load(sys.stdin)["details"]["database"]["details"]["pooler"]["mode"])')
  log "$name: pooler mode $mode; warm-up 5 s, then autocannon -c $CLIENTS -d $DURATION"
  autocannon_run "$name-warmup" 5
  local started
  started=$(psql_run -At -c "SELECT now()")
  autocannon_run "$name" "$DURATION"
  sleep 2 # the audit rows of reads are written in batches
  local audited failed
  audited=$(psql_run -At -c "SELECT count(*) FROM dbadmin.audit_log WHERE \"timestamp\" >= '$started'")
  failed=$(psql_run -At -c "SELECT coalesce(string_agg(error_code || ' ' || n, ', ' ORDER BY n DESC), '') FROM
    (SELECT error_code, count(*) AS n FROM dbadmin.audit_log WHERE NOT success AND \"timestamp\" >= '$started'
     GROUP BY 1) f")
  local sqlstates
  sqlstates=$(grep -o 'SQLSTATE [0-9A-Z]\{5\}' "$RESULTS/server-$name.log" | sort | uniq -c | sort -rn \
    | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $3, $1}' || true)
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$mode" "$audited" "${failed:-none}" "${sqlstates:-none}" >> "$RESULTS/scenarios.tsv"
  stop_server
}

# --- build, PostgreSQL, PgBouncer --------------------------------------------------------------
if [ ! -f "$JAR" ]; then
  log "building the jar"
  ./mvnw -B -q package -DskipTests
fi
command -v /usr/sbin/pgbouncer > /dev/null || { log "install PgBouncer: apt-get install pgbouncer"; exit 1; }

runuser -u postgres -- "$PG_BIN/initdb" -D "$PGDATA" -U postgres -A trust > "$WORK/initdb.log"
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$WORK/postgres.log" -w -t 60 start \
  -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB" > /dev/null
PG_STARTED=1

printf '"postgres" ""\n' > "$WORK/userlist.txt"
cat > "$WORK/pgbouncer.ini" <<EOF
[databases]
* = host=127.0.0.1 port=$PG_PORT
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir =
auth_type = trust
auth_file = $WORK/userlist.txt
pool_mode = transaction
default_pool_size = 20
max_client_conn = 200
ignore_startup_parameters = extra_float_digits
logfile = $WORK/pgbouncer.log
pidfile = $WORK/pgbouncer.pid
EOF
chown postgres: "$WORK/userlist.txt" "$WORK/pgbouncer.ini"
runuser -u postgres -- /usr/sbin/pgbouncer -d "$WORK/pgbouncer.ini"
log "PostgreSQL on $PG_PORT, PgBouncer $(/usr/sbin/pgbouncer --version | head -1 | cut -d' ' -f2) on $BOUNCER_PORT; results in $RESULTS"

# --- the three runs -------------------------------------------------------------------------------
RUN_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
scenario direct "jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"
scenario pgbouncer "jdbc:postgresql://127.0.0.1:$BOUNCER_PORT/postgres"
scenario pgbouncer-none "jdbc:postgresql://127.0.0.1:$BOUNCER_PORT/postgres" DB_ADMIN_POOLER=none

{
  echo "Run: $RUN_AT, $BOOKS books, $CLIENTS connections, $DURATION s per run, $(nproc) cores, load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  python3 - "$RESULTS" <<'EOF'
import csv, json, os, sys
results = sys.argv[1]
rows = list(csv.reader(open(os.path.join(results, "scenarios.tsv")), delimiter="\t"))
print("| run | pooler mode (/health) | calls/s | p50 ms | p99 ms | calls audited | failed calls (code) | SQLSTATEs in the server log |")
print("|---|---|---|---|---|---|---|---|")
base = None
for name, mode, audited, failed, states in rows:
    a = json.load(open(os.path.join(results, name + ".json")))
    rate = a["requests"]["average"]
    base = base or rate
    print(f"| {name} | {mode} | {rate:.0f} ({rate / base:.2f}x) | {a['latency']['p50']} | {a['latency']['p99']} "
          f"| {audited} | {failed} | {states} |")
EOF
} | tee "$RESULTS/summary.md"
