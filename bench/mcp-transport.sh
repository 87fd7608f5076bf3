#!/usr/bin/env bash
# MCP transport check: one jar (or two, to compare builds) on the embedded demo database, same machine, same
# run. Per jar: autocannon (c16, 10 s after a 10 s warm-up) on MCP HTTP tools/call of db_query_records (one
# author's books, 50 rows) and on ping; c1000 for 10 s on the same call (errors and non-2xx must be 0); then
# sequential stdio tools/call until N answers or the first lost one (bench/mcp_stdio_loop.py).
#
# Usage: bench/mcp-transport.sh [JAR...]     default: target/database-admin-server-1.0.0.jar
#        BENCH_STDIO_CALLS=20000 (default)
# Needs java 17, npx, python3. Audit on, per-call log lines off (DB_ADMIN_LOG_TOOL_CALLS=failures), rate
# limit off, no authentication. Everything listens on 127.0.0.1 and is stopped at the end.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
JARS=("$@")
[ ${#JARS[@]} -eq 0 ] && JARS=(target/database-admin-server-1.0.0.jar)
CALLS=${BENCH_STDIO_CALLS:-20000}
PORT=${BENCH_PORT:-3411}
WORK=$(mktemp -d /tmp/dbadmin-mcp-bench-XXXXXX)
export DB_ADMIN_DATA_DIR=$WORK/pg DB_ADMIN_EMBEDDED_PORT=${BENCH_PG_PORT:-55499} DB_ADMIN_RATE_LIMIT=0 \
  DB_ADMIN_LOG_TOOL_CALLS=failures DB_ADMIN_DEMO_BOOKS=20000
CALL='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"db_query_records","arguments":{"table":"books","where":{"author_id":7},"order_by":[{"column":"id"}],"limit":50}}}'
PING='{"jsonrpc":"2.0","id":1,"method":"ping"}'
H=(-H 'content-type=application/json' -H 'accept=application/json, text/event-stream' -H 'mcp-protocol-version=2025-06-18')

autocannon() { # label connections body
  timeout 60 npx -y autocannon -j -c "$2" -d 10 -m POST "${H[@]}" -b "$3" "http://127.0.0.1:$PORT/mcp" 2>/dev/null \
    | python3 -c "import json,sys;d=json.load(sys.stdin);print('%-28s c%-5s rps %8.0f  p50 %4s ms  p99 %5s ms  errors %s  non2xx %s' % ('$1', $2, d['requests']['average'], d['latency']['p50'], d['latency']['p99'], d['errors'], d['non2xx']))"
}

for JAR in "${JARS[@]}"; do
  name=$(basename "$JAR")
  DB_ADMIN_PORT=$PORT java -Xmx716m -XX:+UseSerialGC -jar "$JAR" > "$WORK/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do curl -sf "127.0.0.1:$PORT/health/liveness" >/dev/null && break; sleep 1; done
  timeout 60 npx -y autocannon -c 16 -d 10 -m POST "${H[@]}" -b "$CALL" "http://127.0.0.1:$PORT/mcp" >/dev/null 2>&1
  autocannon "$name tools/call" 16 "$CALL"
  autocannon "$name ping" 16 "$PING"
  autocannon "$name tools/call" 1000 "$CALL"
  kill "$pid"; wait "$pid" 2>/dev/null
  echo "$name stdio: $(timeout 900 python3 bench/mcp_stdio_loop.py "$JAR" "$CALLS" 2>&1 | tr '\n' ' ')"
done
rm -rf "$WORK"
