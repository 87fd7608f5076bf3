#!/usr/bin/env bash
# The request-path figures of docs/benchmarks.md ("MCP request path against pgbench and DBHub") in one
# command: pgbench of the same SQL; MCP HTTP tools/call under autocannon, authentication off and HS256 JWT
# on; the ping floor; the official TypeScript SDK client over HTTP and stdio, against DBHub on the same
# database; requests per second from a cold process; start to first served call; RSS after the loads;
# db_batch_insert against psql \copy. Prints a table with the goals and ratios and writes everything raw
# to bench/results/perf-<time>/.
#
# Usage: bench/perf.sh                    the packaged jar (built if missing)
#        bench/perf.sh OLD.jar NEW.jar    two builds in one run: every server scenario runs for each, one
#                                         right after the other, and the table gets a NEW/OLD column
# Settings (environment):
#   BENCH_SECONDS     measured seconds per load (10); BENCH_WARMUP autocannon warm-up seconds (20)
#   BENCH_BOOKS       demo dataset size (500000); the loaded data folder is cached in bench/.cache/
#   BENCH_JAVA_OPTS   JVM options of the server (default: the java -jar flags the README documents)
#   BENCH_ONLY        comma-separated sections to run (default all): pgbench,start,mcp,jwt,sdk,stdio,c1000,batch,jit
#   BENCH_JFR=1       record every server with JFR (profile settings) into the results folder; or the path
#                     of a .jfc settings file (a shorter sampling period, for instance)
# Needs: root (PostgreSQL 15 from /usr/lib/postgresql/15/bin runs as user postgres via runuser), java 17,
# node 20 with npm (the load generators and clients are bench/perf/package.json, installed with npm ci),
# pgbench, psql, python3. Everything listens on 127.0.0.1 on free ports and is stopped at the end; every
# external command has a time limit, and the whole run takes about 8 minutes per jar plus 2 for the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

SECONDS_PER_LOAD=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-20}
BOOKS=${BENCH_BOOKS:-500000}
ONLY=${BENCH_ONLY:-pgbench,start,mcp,jwt,sdk,stdio,c1000,batch,jit}
# The flags README.md documents for java -jar ("Memory and JVM flags"); keep the two in step.
SHIPPED_JAVA_OPTS="-XX:+UseSerialGC -Xms32m -Xmx256m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -Xss512k -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError"
JAVA_OPTS=${BENCH_JAVA_OPTS:-$SHIPPED_JAVA_OPTS}
PG_BIN=/usr/lib/postgresql/15/bin
CACHE=bench/.cache/pgdata-$BOOKS.tar
RESULTS=$ROOT/bench/results/perf-$(date +%Y%m%d-%H%M%S)
BOUND=$((SECONDS_PER_LOAD + WARMUP + 90))
JARS=("$@")
if [ ${#JARS[@]} -eq 0 ]; then
  JARS=(target/database-admin-server-1.0.0.jar)
  [ -f "${JARS[0]}" ] || ./mvnw -B -q package -DskipTests
fi
for i in "${!JARS[@]}"; do JARS[i]=$(realpath "${JARS[$i]}"); done

mkdir -p "$RESULTS" bench/.cache
WORK=$(mktemp -d /tmp/dbadmin-perf-XXXXXX)
chown postgres: "$WORK"
chmod 700 "$WORK"
PGDATA=$WORK/pg
PG_STARTED=
declare -A PIDS=()
NODE=(node --no-warnings)

log() { printf '[perf %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
wants() { [[ ",$ONLY," == *",$1,"* ]]; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

stop() { # stop NAME: the process started under that name
  local pid=${PIDS[$1]:-}
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    unset "PIDS[$1]"
  fi
}

cleanup() {
  for name in "${!PIDS[@]}"; do stop "$name"; done
  if [ -n "$PG_STARTED" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -m immediate -w stop > /dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- figures: one line per measurement, read by bench/perf/summary.py --------------------------------
figure() { # figure KEY JAR_INDEX VALUE
  printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$RESULTS/figures.tsv"
}
json_field() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(d[sys.argv[1]])' "$1"; }
rss_mb() { echo $(( $(ps -o rss= -p "$1" | tr -d ' ') / 1024 )); }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# --- PostgreSQL ---------------------------------------------------------------------------------------
PG_PORT=$(free_port)
start_postgres() {
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$WORK/postgres.log" -w -t 120 start \
    -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=512MB" > /dev/null
  PG_STARTED=1
}
psql_run() {
  timeout "$BOUND" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"
}
DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"
PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"

# --- the server ---------------------------------------------------------------------------------------
# start_server NAME JAR PORT [JAVA_EXTRA="JVM options"] [VAR=VALUE ...]: the packaged server on an external
# database, audit on, the per-call log line on (shipped defaults), rate limit off: one client making
# thousands of calls a second would be refused after 100 a minute. NAME ends in -<jar index>; the jar's
# class-data sharing archive is used once it exists, unless JAVA_EXTRA is given. Does not wait.
start_server() {
  local name=$1 jar=$2 port=$3
  shift 3
  local opts=() extra=() index=${name##*-}
  read -r -a opts <<< "$JAVA_OPTS"
  if [ $# -gt 0 ] && [[ "$1" == JAVA_EXTRA=* ]]; then
    read -r -a extra <<< "${1#JAVA_EXTRA=}"
    shift
  elif [ -f "${CDS[$index]:-}" ]; then
    extra=("-XX:SharedArchiveFile=${CDS[$index]}")
  fi
  opts+=("${extra[@]}")
  if [ -n "${BENCH_JFR:-}" ]; then
    local settings=profile
    [ "$BENCH_JFR" = 1 ] || settings=$BENCH_JFR
    opts+=("-XX:FlightRecorderOptions:stackdepth=256"
           "-XX:StartFlightRecording=filename=$RESULTS/$name.jfr,settings=$settings,dumponexit=true")
  fi
  env DB_ADMIN_PORT="$port" DATABASE_URL="$DB_URL" DATABASE_USER=postgres DB_ADMIN_RATE_LIMIT=0 "$@" \
    java "${opts[@]}" -jar "$jar" >> "$RESULTS/$name.log" 2>&1 &
  PIDS[$name]=$!
}

wait_healthy() { # wait_healthy NAME PORT
  local deadline=$((SECONDS + 240))
  until curl -fsS -o /dev/null "http://127.0.0.1:$2/health/liveness" 2>/dev/null; do
    if ! kill -0 "${PIDS[$1]}" 2>/dev/null || [ "$SECONDS" -gt "$deadline" ]; then
      log "$1 did not come up; see $RESULTS/$1.log"
      exit 1
    fi
    sleep 0.2
  done
}

# The issue's query: the books of one series ordered by position, all 18 columns, a page of 50. The demo
# schema has no book number and a series holds 7 or 8 books, so the page is one author's 40 books ordered
# by id (jsonb, text[], numeric, bytea, timestamps: 20 KB of JSON).
QUERY_ARGS='{"table":"books","where":{"author_id":7},"order_by":[{"column":"id"}],"limit":50}'
QUERY_SQL='SELECT * FROM "public"."books" WHERE "author_id" = 7 ORDER BY "id" ASC LIMIT 51'
CALL='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"db_query_records","arguments":'$QUERY_ARGS'}}'
PING='{"jsonrpc":"2.0","id":1,"method":"ping"}'

check_call() { # check_call URL [HEADER...]: the scenario's call must succeed, or autocannon would count errors
  local url=$1 reply
  shift
  reply=$(curl -fsS -X POST -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    "$@" -d "$CALL" "$url")
  if [[ "$reply" != *'"structuredContent"'* ]] || [[ "$reply" == *'"isError":true'* ]]; then
    log "the scenario's call fails: ${reply:0:300}"
    exit 1
  fi
}

# load NAME URL CONNECTIONS SECONDS BODY [HEADER=VALUE...]: autocannon, result JSON in NAME.json
load() {
  local name=$1 url=$2 connections=$3 seconds=$4 body=$5
  shift 5
  timeout "$BOUND" "${NODE[@]}" bench/perf/load.mjs "$url" "$connections" "$seconds" "$body" "$@" > "$RESULTS/$name.json"
}

# measure KEY JAR_INDEX PID URL CONNECTIONS BODY [HEADER=VALUE...]: a measured load with rps, p99 and the
# server's CPU per call (user + system time of the process over the calls it answered)
measure() {
  local key=$1 index=$2 pid=$3 url=$4 connections=$5 body=$6
  shift 6
  local before after
  before=$(cpu_ticks "$pid")
  load "$key-$index" "$url" "$connections" "$SECONDS_PER_LOAD" "$body" "$@"
  after=$(cpu_ticks "$pid")
  local result=$RESULTS/$key-$index.json
  figure "$key.rps" "$index" "$(json_field rps < "$result")"
  figure "$key.p99" "$index" "$(json_field p99 < "$result")"
  figure "$key.failed" "$index" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["errors"] + d["non2xx"] + d["timeouts"])' "$result")"
  figure "$key.cpu_us" "$index" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(round((int(sys.argv[3]) - int(sys.argv[2])) * 10000 / max(1, d["total"])))' "$result" "$before" "$after")"
}

# sdk KEY JAR_INDEX TARGET CLIENTS: the TypeScript SDK client; TARGET is a URL or a stdio command (JSON)
sdk() {
  local key=$1 index=$2 kind=$3 target=$4 clients=$5 tool=$6 args=$7
  shift 7
  timeout "$BOUND" "${NODE[@]}" bench/perf/sdk-client.mjs "$kind" "$target" "$clients" 10 "$SECONDS_PER_LOAD" \
    "$tool" "$args" "$@" > "$RESULTS/$key-$index.json"
  local result=$RESULTS/$key-$index.json
  figure "$key.rps" "$index" "$(json_field rps < "$result")"
  figure "$key.p99" "$index" "$(json_field p99 < "$result")"
  figure "$key.failed" "$index" "$(json_field failures < "$result")"
}

# --- set-up ---------------------------------------------------------------------------------------------
log "results in $RESULTS"
if [ ! -d bench/perf/node_modules ]; then
  log "npm ci in bench/perf"
  (cd bench/perf && timeout 600 npm ci --no-audit --no-fund --loglevel=error > /dev/null)
fi
if [ -f "$CACHE" ]; then
  tar -C "$WORK" -xf "$CACHE"
else
  log "initdb and demo data load ($BOOKS books); cached in $CACHE for the next run"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PGDATA" -U postgres -A trust > "$WORK/initdb.log"
  start_postgres
  port=$(free_port)
  start_server loader "${JARS[0]}" "$port" DB_ADMIN_DATABASE_LOAD_DEMO=true DB_ADMIN_DEMO_BOOKS="$BOOKS"
  wait_healthy loader "$port"
  stop loader
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop > /dev/null
  PG_STARTED=
  tar -C "$WORK" -cf "$CACHE.partial" pg && mv "$CACHE.partial" "$CACHE"
fi
chown -R postgres: "$PGDATA"
start_postgres
psql_run -c "VACUUM ANALYZE books"
RUN_STARTED=$(psql_run -At -c "SELECT now()")
{
  echo "run: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "PostgreSQL: $(psql_run -At -c 'SHOW server_version'), $BOOKS books; java: $(java -version 2>&1 | head -1)"
  echo "server JVM options: $JAVA_OPTS"
  for i in "${!JARS[@]}"; do echo "jar $i: ${JARS[$i]} ($(stat -c %s "${JARS[$i]}") bytes)"; done
  echo "seconds per load: $SECONDS_PER_LOAD, autocannon warm-up: $WARMUP s"
} > "$RESULTS/run.txt"

# --- pgbench: the same SQL as PostgreSQL's own client, prepared -----------------------------------------
if wants pgbench; then
  echo "$QUERY_SQL;" > "$WORK/query.sql"
  for clients in 1 16; do
    threads=$(( clients > 1 ? 2 : 1 ))
    log "pgbench -M prepared -c $clients"
    timeout "$BOUND" pgbench -n -M prepared -c "$clients" -j "$threads" -T "$SECONDS_PER_LOAD" -f "$WORK/query.sql" \
      -h 127.0.0.1 -p "$PG_PORT" -U postgres postgres > "$RESULTS/pgbench-c$clients.txt" 2>&1
    figure "pgbench.c$clients.tps" - "$(awk '/^tps = / {print $3}' "$RESULTS/pgbench-c$clients.txt")"
  done
fi

# --- start-up and the first seconds of a cold process ---------------------------------------------------
# Per jar: a first start without a class-data sharing archive, which writes one when it exits
# (-XX:ArchiveClassesAtExit, the step README.md documents for java -jar); two starts with that archive; each
# timed from exec to the first answered tools/call, with the CPU time the process had used by then. The
# third process then takes autocannon c16 for WARMUP seconds, answered calls counted per second. Every
# later server of that jar starts with the archive.
SERVER_PORT=()
CDS=()
for i in "${!JARS[@]}"; do SERVER_PORT[i]=$(free_port); CDS[i]=$WORK/cds-$i.jsa; done
timed_start() { # timed_start INDEX LABEL [JVM option]: figures start.<LABEL>.ms and .cpu_ms
  local index=$1 label=$2 t0 ms
  shift 2
  t0=$(date +%s%3N)
  start_server "server-$index" "${JARS[$index]}" "${SERVER_PORT[$index]}" "JAVA_EXTRA=$*"
  ms=$(timeout 120 "${NODE[@]}" bench/perf/first-call.mjs "$t0" "http://127.0.0.1:${SERVER_PORT[$index]}/mcp" "$CALL" 100)
  figure "start.$label.ms" "$index" "$ms"
  figure "start.$label.cpu_ms" "$index" "$(( $(cpu_ticks "${PIDS[server-$index]}") * 10 ))"
  log "jar $index start ($label): first call after $ms ms"
}
for i in "${!JARS[@]}"; do
  if wants start; then
    # Also the class list docker/cds-classes.lst is a copy of (the image dumps its archive from it).
    timed_start "$i" no_archive "-XX:ArchiveClassesAtExit=${CDS[$i]} -XX:DumpLoadedClassList=$RESULTS/cds-classes-$i.lst"
    stop "server-$i"
    timed_start "$i" archive.1 "-XX:SharedArchiveFile=${CDS[$i]}"
    stop "server-$i"
    timed_start "$i" archive.2 "-XX:SharedArchiveFile=${CDS[$i]}"
    log "jar $i: c16 from cold, per second"
    load "cold-$i" "http://127.0.0.1:${SERVER_PORT[$i]}/mcp" 16 "$WARMUP" "$CALL"
    figure cold.per_second "$i" "$(python3 -c 'import json,sys; print(",".join(str(n) for n in json.load(open(sys.argv[1]))["perSecond"]))' "$RESULTS/cold-$i.json")"
  else
    start_server "server-$i" "${JARS[$i]}" "${SERVER_PORT[$i]}"
  fi
done
for i in "${!JARS[@]}"; do
  wait_healthy "server-$i" "${SERVER_PORT[$i]}"
  check_call "http://127.0.0.1:${SERVER_PORT[$i]}/mcp"
  if ! wants start; then
    load "warmup-$i" "http://127.0.0.1:${SERVER_PORT[$i]}/mcp" 16 "$WARMUP" "$CALL"
  fi
done

# --- MCP HTTP under autocannon, authentication off -------------------------------------------------------
if wants mcp; then
  for i in "${!JARS[@]}"; do
    log "jar $i: MCP HTTP tools/call c16, then ping c16"
    pid=${PIDS[server-$i]}
    measure mcp.c16 "$i" "$pid" "http://127.0.0.1:${SERVER_PORT[$i]}/mcp" 16 "$CALL"
    figure rss.after_c16_mb "$i" "$(rss_mb "$pid")"
    measure ping.c16 "$i" "$pid" "http://127.0.0.1:${SERVER_PORT[$i]}/mcp" 16 "$PING"
  done
fi

# --- the official TypeScript SDK client, against DBHub on the same database ------------------------------
DBHUB=(bench/perf/node_modules/@bytebase/dbhub/dist/index.js)
DBHUB_ARGS='{"sql":"'${QUERY_SQL//\"/\\\"}'"}'
if wants sdk; then
  dbhub_port=$(free_port)
  "${NODE[@]}" "${DBHUB[@]}" --transport http --port "$dbhub_port" --dsn "$PG_URL?sslmode=disable" > "$RESULTS/dbhub.log" 2>&1 &
  PIDS[dbhub]=$!
  for _ in $(seq 1 300); do
    curl -s -o /dev/null "http://127.0.0.1:$dbhub_port/mcp" -X POST 2>/dev/null && break
    sleep 0.2
  done
  for clients in 1 16; do
    for i in "${!JARS[@]}"; do
      log "jar $i: TypeScript SDK client c$clients over HTTP"
      sdk "sdk.http.c$clients" "$i" http "http://127.0.0.1:${SERVER_PORT[$i]}/mcp" "$clients" db_query_records "$QUERY_ARGS"
    done
    log "DBHub: TypeScript SDK client c$clients over HTTP"
    sdk "sdk.http.c$clients" dbhub http "http://127.0.0.1:$dbhub_port/mcp" "$clients" execute_sql "$DBHUB_ARGS"
  done
  stop dbhub
fi

if wants stdio; then
  java_opts_json=$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1].split()))' "$JAVA_OPTS")
  for i in "${!JARS[@]}"; do
    log "jar $i: TypeScript SDK client c1 over stdio"
    archive=
    if [ -f "${CDS[$i]:-}" ]; then archive='"-XX:SharedArchiveFile='${CDS[$i]}'",'; fi
    command='{"command":"java","args":'${java_opts_json%]}','$archive'"-jar","'${JARS[$i]}'","--stdio"],"env":{"DATABASE_URL":"'$DB_URL'","DATABASE_USER":"postgres","DB_ADMIN_RATE_LIMIT":"0","PATH":"'$PATH'"}}'
    sdk sdk.stdio.c1 "$i" stdio "$command" 1 db_query_records "$QUERY_ARGS"
    figure stdio.first_call_ms "$i" "$(json_field startMs < "$RESULTS/sdk.stdio.c1-$i.json")"
  done
  log "DBHub: TypeScript SDK client c1 over stdio"
  command='{"command":"node","args":["'"$ROOT/${DBHUB[0]}"'","--transport","stdio","--dsn","'$PG_URL'?sslmode=disable"],"env":{"PATH":"'$PATH'"}}'
  sdk sdk.stdio.c1 dbhub stdio "$command" 1 execute_sql "$DBHUB_ARGS"
fi

# --- 1000 connections ----------------------------------------------------------------------------------
if wants c1000; then
  for i in "${!JARS[@]}"; do
    log "jar $i: MCP HTTP tools/call c1000"
    pid=${PIDS[server-$i]}
    measure mcp.c1000 "$i" "$pid" "http://127.0.0.1:${SERVER_PORT[$i]}/mcp" 1000 "$CALL"
    figure rss.after_c1000_mb "$i" "$(rss_mb "$pid")"
  done
fi

# --- db_batch_insert against psql \copy ---------------------------------------------------------------
if wants batch; then
  for i in "${!JARS[@]}"; do
    log "jar $i: db_batch_insert, 1000 rows per call"
    timeout 900 java -cp "${JARS[$i]}" bench/BatchBench.java "http://127.0.0.1:${SERVER_PORT[$i]}" \
      "$WORK/copy-rows.tsv" no-returned-records > "$RESULTS/batch-$i.txt" 2>&1
    figure batch.p50_ms "$i" "$(awk '/^return_records=false +median/ {print $3}' "$RESULTS/batch-$i.txt")"
    figure batch.100k_ms "$i" "$(awk '/^return_records=false +total/ {print $3}' "$RESULTS/batch-$i.txt")"
  done
  log "psql \\copy of the same 100,000 rows"
  started=$(date +%s%N)
  psql_run -c "\\copy books (author_id, title, subtitle, status, word_count, genre, tags, isbn, price, published_on, metadata) FROM '$WORK/copy-rows.tsv'"
  figure copy.100k_ms - $(( ($(date +%s%N) - started) / 1000000 ))
fi

# --- authentication on: HS256 JWT, verified on every request --------------------------------------------
for i in "${!JARS[@]}"; do stop "server-$i"; done
if wants jwt; then
  secret=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
  token=$(bench/hs256-token.sh "$secret")
  for i in "${!JARS[@]}"; do
    start_server "jwt-$i" "${JARS[$i]}" "${SERVER_PORT[$i]}" DB_ADMIN_JWT_SECRET="$secret" \
      DB_ADMIN_JWT_ISSUER=bench-issuer DB_ADMIN_JWT_AUDIENCE=database-admin-server
  done
  for i in "${!JARS[@]}"; do
    wait_healthy "jwt-$i" "${SERVER_PORT[$i]}"
    check_call "http://127.0.0.1:${SERVER_PORT[$i]}/mcp" -H "Authorization: Bearer $token"
    load "jwt-warmup-$i" "http://127.0.0.1:${SERVER_PORT[$i]}/mcp" 16 "$WARMUP" "$CALL" "authorization=Bearer $token"
  done
  for i in "${!JARS[@]}"; do
    log "jar $i: MCP HTTP tools/call c16 with JWT"
    measure mcp.jwt.c16 "$i" "${PIDS[jwt-$i]}" "http://127.0.0.1:${SERVER_PORT[$i]}/mcp" 16 "$CALL" "authorization=Bearer $token"
  done
  for i in "${!JARS[@]}"; do stop "jwt-$i"; done
fi

# --- the JIT: the shipped quick tier only against the JVM's default tiers, same jar, from cold ------------
# Two servers of the last jar start together; then alternating 10 s c16 loads, four rounds each: calls per
# second and CPU per call (compiler threads included) as the optimising tier warms up or does not.
if wants jit; then
  last=$(( ${#JARS[@]} - 1 ))
  default_tiers=${JAVA_OPTS//-XX:TieredStopAtLevel=1/}
  for tier in quick default; do
    port=$(free_port)
    eval "JIT_PORT_$tier=$port"
    if [ "$tier" = quick ]; then
      start_server "jit_$tier-$last" "${JARS[$last]}" "$port"
    else
      saved=$JAVA_OPTS; JAVA_OPTS=$default_tiers
      start_server "jit_$tier-$last" "${JARS[$last]}" "$port"
      JAVA_OPTS=$saved
    fi
  done
  for tier in quick default; do eval "wait_healthy jit_$tier-$last \$JIT_PORT_$tier"; done
  for round in 1 2 3 4; do
    for tier in quick default; do
      eval "port=\$JIT_PORT_$tier"
      log "JIT $tier tiers, round $round"
      measure "jit.$tier.round$round" "$last" "${PIDS[jit_$tier-$last]}" "http://127.0.0.1:$port/mcp" 16 "$CALL"
    done
  done
  for tier in quick default; do stop "jit_$tier-$last"; done
fi

# --- every call audited? autocannon cannot see an MCP tool error (HTTP 200, isError), the audit log can ---
figure audit.rows - "$(psql_run -At -c "SELECT count(*) FROM dbadmin.audit_log WHERE \"timestamp\" >= '$RUN_STARTED'")"
figure audit.failed - "$(psql_run -At -c "SELECT coalesce(string_agg(what || ' ' || n, ', '), 'none') FROM
  (SELECT operation || ' ' || coalesce(error_code, '?') AS what, count(*) AS n FROM dbadmin.audit_log
   WHERE NOT success AND \"timestamp\" >= '$RUN_STARTED' GROUP BY 1) f")"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS/run.txt"
python3 bench/perf/summary.py "$RESULTS" | tee "$RESULTS/summary.md"
