#!/usr/bin/env bash
# Load benchmark of the packaged server against PostgreSQL's own speed (pgbench), on loopback.
#
# Starts a throw-away PostgreSQL 15 (Debian binaries) with the demo dataset, the packaged server on
# 127.0.0.1, runs every scenario for BENCH_DURATION seconds, prints a Markdown table and stops
# everything it started. Raw output (autocannon JSON, pgbench summaries and per-transaction logs,
# server log, optional JFR recording) goes to bench/results/<timestamp>/.
#
# Usage: bench/run.sh                      quick run, 10 s per scenario (~6 min with warm-ups)
#        BENCH_DURATION=60 bench/run.sh    the longer run (the original's 60 s load tests)
# Settings (environment):
#   BENCH_DURATION    seconds per scenario (10)
#   BENCH_BOOKS       demo dataset size in books (500000); the loaded data folder is cached in
#                     bench/.cache/ per size, so only the first run pays the ~30 s load
#   BENCH_PORT        server port (3310); BENCH_PG_PORT PostgreSQL port (55410)
#   BENCH_AUTHOR      author whose books db_query_records reads (7; 40 books per author)
#   BENCH_AUTH        jwt (default): the server verifies an HS256 JWT (issuer, audience, expiry) on
#                     every request, as deployed; off: no authentication (the local default)
#                     Audit logging is on either way (the shipped default); the per-principal rate
#                     limit is off, since one client making thousands of calls a second would
#                     otherwise be refused after 100 (its cost is in bench/auth-audit-overhead).
#   BENCH_JFR=1       record the server with Java Flight Recorder into the results folder
#   BENCH_JAVA_OPTS   JVM options for the server; default: the Docker image's JAVA_TOOL_OPTIONS as they
#                     resolve in its 1 GiB container (docker-compose.yml), since MaxRAMPercentage=70
#                     of this whole machine would be a much larger heap than anything we ship
# Needs: root (PostgreSQL runs as user postgres through runuser), java 17, node/npx, pgbench, python3.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${BENCH_DURATION:-10}
BOOKS=${BENCH_BOOKS:-500000}
PORT=${BENCH_PORT:-3310}
PG_PORT=${BENCH_PG_PORT:-55410}
AUTHOR=${BENCH_AUTHOR:-7}
PG_BIN=/usr/lib/postgresql/15/bin
JAR=target/database-admin-server-1.0.0.jar
CACHE=bench/.cache/pgdata-$BOOKS.tar
RESULTS=bench/results/$(date +%Y%m%d-%H%M%S)
# Every external command gets a hard bound: the scenario time plus a margin.
BOUND=$((DURATION + 60))
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx716m -Xms256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}
AUTH=${BENCH_AUTH:-jwt}
RUN_STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
AUTH_ENV=()
AUTH_HEADER=()
if [ "$AUTH" = jwt ]; then
  JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
  AUTH_ENV=(DB_ADMIN_JWT_SECRET="$JWT_SECRET" DB_ADMIN_JWT_ISSUER=bench-issuer DB_ADMIN_JWT_AUDIENCE=database-admin-server)
  TOKEN=$(bench/hs256-token.sh "$JWT_SECRET")
  AUTH_HEADER=(-H "Authorization: Bearer $TOKEN")
fi

mkdir -p "$RESULTS" bench/.cache
RESULTS=$(cd "$RESULTS" && pwd)
WORK=$(mktemp -d /tmp/dbadmin-bench-XXXXXX)
chown postgres: "$WORK"
chmod 700 "$WORK"
PGDATA=$WORK/pg
SERVER_PID=
SAMPLER_PID=
PG_STARTED=

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

cleanup() {
  if [ -n "$SAMPLER_PID" ]; then kill "$SAMPLER_PID" 2>/dev/null || true; fi
  stop_server
  if [ -n "$PG_STARTED" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop > /dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_postgres() {
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$WORK/postgres.log" -w -t 60 start \
    -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=512MB" > /dev/null
  PG_STARTED=1
}

stop_postgres() {
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop > /dev/null
  PG_STARTED=
}

psql_run() {
  timeout "$BOUND" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"
}

start_server() {
  local jvm_opts=()
  read -r -a jvm_opts <<< "$JAVA_OPTS"
  if [ "${BENCH_JFR:-}" = 1 ]; then
    jvm_opts+=("-XX:StartFlightRecording=filename=$RESULTS/server.jfr,settings=profile,dumponexit=true")
  fi
  env DB_ADMIN_PORT="$PORT" DATABASE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" DATABASE_USER=postgres \
    DB_ADMIN_DATABASE_LOAD_DEMO=true DB_ADMIN_DEMO_BOOKS="$BOOKS" DB_ADMIN_RATE_LIMIT=0 "${AUTH_ENV[@]}" \
    java "${jvm_opts[@]}" -jar "$JAR" >> "$RESULTS/server.log" 2>&1 &
  SERVER_PID=$!
  local deadline=$((SECONDS + 180))
  until curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health" 2>/dev/null; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null || [ "$SECONDS" -gt "$deadline" ]; then
      log "server did not come up; see $RESULTS/server.log"
      exit 1
    fi
    sleep 0.2
  done
}

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
}

rss_kib() { ps -o rss= -p "$SERVER_PID" | tr -d ' '; }

# --- build and data -------------------------------------------------------------------------------
if [ ! -f "$JAR" ]; then
  log "building the jar"
  ./mvnw -B -q package -DskipTests
fi

if [ -f "$CACHE" ]; then
  log "PostgreSQL data folder from $CACHE"
  tar -C "$WORK" -xf "$CACHE"
else
  log "initdb and demo data load ($BOOKS books); cached in $CACHE for the next run"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PGDATA" -U postgres -A trust > "$WORK/initdb.log"
  start_postgres
  start_server
  stop_server
  stop_postgres
  tar -C "$WORK" -cf "$CACHE.partial" pg && mv "$CACHE.partial" "$CACHE"
fi
chown -R postgres: "$PGDATA"
start_postgres
psql_run -c "DROP TABLE IF EXISTS test_data" \
  -c "CREATE TABLE test_data (id bigserial PRIMARY KEY, name text, value int)" -c "VACUUM ANALYZE"

start_server
sleep 2
printf 'idle after start\t%s\n' "$(rss_kib)" > "$RESULTS/memory.tsv"
log "server up (pid $SERVER_PID, RSS $(( $(rss_kib) / 1024 )) MB); results in $RESULTS"

# Peak RSS over the whole load phase, sampled once a second.
( peak=0
  while kill -0 "$SERVER_PID" 2>/dev/null; do
    now=$(ps -o rss= -p "$SERVER_PID" | tr -d ' ') || break
    if [ -n "$now" ] && [ "$now" -gt "$peak" ]; then peak=$now; echo "$peak" > "$WORK/rss-peak"; fi
    sleep 1
  done ) &
SAMPLER_PID=$!

# --- scenarios ------------------------------------------------------------------------------------
MCP_HEADERS=(-H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream')
MCP_HEADERS+=("${AUTH_HEADER[@]}")
# The foundation's latency call (bench/first-call.sh): 4 columns, ordered by id, limit 50. A series has
# 7 books at any demo size, an author 40, so the filter is on author_id to return a page of 40 rows.
QUERY_ARGS='"table":"books","where":{"author_id":'$AUTHOR'},"order_by":[{"column":"id"}],"limit":50'
QUERY_CALL='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"db_query_records","arguments":{'$QUERY_ARGS',"columns":["id","title","status","word_count"]}}}'
# The same page with all 18 columns (jsonb, text[], timestamps): the JSON-heavy case.
WIDE_CALL='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"db_query_records","arguments":{'$QUERY_ARGS'}}}'
INSERT_CALL='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"db_insert_record","arguments":{"table":"test_data","data":{"name":"test","value":123}}}}'
ORIGINAL_QUERY='{"table":"books","limit":50}'
ORIGINAL_INSERT='{"table":"test_data","data":{"name":"test","value":123}}'

# A tool failure is an HTTP 200 with isError: true over MCP, which autocannon would count as success,
# so every body is checked once before it is used for load.
check_call() {
  local url=$1 body=$2 reply
  reply=$(curl -fsS -X POST "${MCP_HEADERS[@]}" -d "$body" "$url")
  if [[ "$reply" == *'"isError":true'* ]] || [[ "$reply" == *'"error"'* ]]; then
    log "the scenario's request fails: $reply"
    exit 1
  fi
}

# autocannon NAME CONCURRENCY PIPELINING URL BODY [seconds]
autocannon_run() {
  local name=$1 connections=$2 pipelining=$3 url=$4 body=$5 seconds=${6:-$DURATION}
  log "$name: autocannon -c $connections -p $pipelining -d $seconds"
  timeout "$BOUND" npx -y autocannon -c "$connections" -p "$pipelining" -d "$seconds" -t 30 -m POST \
    "${MCP_HEADERS[@]}" -b "$body" --json "$url" > "$RESULTS/$name.json" 2> "$RESULTS/$name.stderr"
}

# pgbench NAME CONCURRENCY SCRIPT (the server's own SQL, prepared, on as many connections)
pgbench_run() {
  local name=$1 clients=$2 script=$3 threads=2
  if [ "$clients" -lt 2 ]; then threads=1; fi
  log "$name: pgbench -M prepared -c $clients -j $threads -T $DURATION -f $script"
  (cd "$RESULTS" && timeout "$BOUND" pgbench -n -M prepared -c "$clients" -j "$threads" -T "$DURATION" \
    -f "$OLDPWD/$script" -l --log-prefix="$name.log" -h 127.0.0.1 -p "$PG_PORT" -U postgres postgres) \
    > "$RESULTS/$name.txt" 2>&1
}

scenario() { printf '%s\t%s\t%s\t%s\n' "$@" >> "$RESULTS/scenarios.tsv"; }

MCP=http://127.0.0.1:$PORT/mcp
check_call "$MCP" "$QUERY_CALL"
check_call "$MCP" "$WIDE_CALL"
check_call "$MCP" "$INSERT_CALL"
check_call "http://127.0.0.1:$PORT/api/db/query" "$ORIGINAL_QUERY"
check_call "http://127.0.0.1:$PORT/api/db/insert" "$ORIGINAL_INSERT"

log "warm-up (JIT), not recorded"
autocannon_run warmup-query 16 1 "$MCP" "$QUERY_CALL" 5
autocannon_run warmup-insert 16 1 "$MCP" "$INSERT_CALL" 5
autocannon_run warmup-original 16 1 "http://127.0.0.1:$PORT/api/db/query" "$ORIGINAL_QUERY" 5

# 1. The original's load tests (its docs: autocannon -c 100 -d 60 -p 10).
autocannon_run original-query 100 10 "http://127.0.0.1:$PORT/api/db/query" "$ORIGINAL_QUERY"
scenario original-query http 100x10 pgbench-original-query
# Its reference: the same two statements on 100 connections (LIMIT 51 then the exact total_count).
pgbench_run pgbench-original-query 100 bench/pgbench/original-query.sql
scenario pgbench-original-query pgbench 100 -
autocannon_run original-insert 100 10 "http://127.0.0.1:$PORT/api/db/insert" "$ORIGINAL_INSERT"
scenario original-insert http 100x10 pgbench-insert-c100

# 2 and 3. MCP tools/call and pgbench with the same SQL, side by side per concurrency.
for c in 1 16 100; do
  pgbench_run "pgbench-query-c$c" "$c" bench/pgbench/query.sql
  scenario "pgbench-query-c$c" pgbench "$c" -
  autocannon_run "mcp-query-c$c" "$c" 1 "$MCP" "$QUERY_CALL"
  scenario "mcp-query-c$c" http "$c" "pgbench-query-c$c"
done
pgbench_run pgbench-query-all-columns-c16 16 bench/pgbench/query-all-columns.sql
scenario pgbench-query-all-columns-c16 pgbench 16 -
autocannon_run mcp-query-all-columns-c16 16 1 "$MCP" "$WIDE_CALL"
scenario mcp-query-all-columns-c16 http 16 pgbench-query-all-columns-c16
for c in 1 16 100; do
  pgbench_run "pgbench-insert-c$c" "$c" bench/pgbench/insert.sql
  scenario "pgbench-insert-c$c" pgbench "$c" -
  autocannon_run "mcp-insert-c$c" "$c" 1 "$MCP" "$INSERT_CALL"
  scenario "mcp-insert-c$c" http "$c" "pgbench-insert-c$c"
done

# 4. 1000 concurrent in-flight requests; 5. RSS at the end of this, the heaviest load.
autocannon_run mcp-query-c1000 1000 1 "$MCP" "$QUERY_CALL" &
LOAD_PID=$!
sleep "$((DURATION - 1))"
printf 'end of the 1000-connection load\t%s\n' "$(rss_kib)" >> "$RESULTS/memory.tsv"
wait "$LOAD_PID"
scenario mcp-query-c1000 http 1000 -
printf 'peak during the run (1 s samples)\t%s\n' "$(cat "$WORK/rss-peak" 2>/dev/null || echo 0)" >> "$RESULTS/memory.tsv"

inserted=$(psql_run -At -c "SELECT count(*) FROM test_data")
# autocannon cannot see an MCP tool error (HTTP 200, isError) or tell a 429 from a 500: the audit log can.
audited=$(psql_run -At -c "SELECT count(*) FROM dbadmin.audit_log WHERE \"timestamp\" >= '$RUN_STARTED'")
failed=$(psql_run -At -c "SELECT coalesce(string_agg(what || ': ' || n, ', '), 'none') FROM
  (SELECT transport || ' ' || operation || ' ' || coalesce(error_code, '?') AS what, count(*) AS n
   FROM dbadmin.audit_log WHERE NOT success AND \"timestamp\" >= '$RUN_STARTED' GROUP BY 1) f")
{
  echo "Run: $(date -u +%Y-%m-%dT%H:%M:%SZ), $BOOKS books, $DURATION s per scenario, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "Server JVM options: $JAVA_OPTS; authentication: $AUTH; audit log on; rows in test_data after the run: $inserted"
  echo "Tool calls audited during the run: $audited; failed calls (transport, tool, code): $failed"
  echo
  python3 bench/summarize.py "$RESULTS"
} | tee "$RESULTS/summary.md"
