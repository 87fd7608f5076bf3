#!/usr/bin/env bash
# Start-up time of the packaged jar to its first served MCP request, and the latency of
# db_query_records over MCP HTTP (100 sequential calls, keep-alive), on the embedded PostgreSQL.
# Usage: bench/first-call.sh   (builds the jar if missing; everything listens on 127.0.0.1)
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=target/database-admin-server-1.0.0.jar
[ -f "$JAR" ] || ./mvnw -B -q package -DskipTests
PORT=${PORT:-3311}
DATA=$(mktemp -d /tmp/dbadmin-bench-XXXXXX)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$DATA"
}
trap cleanup EXIT

CALL='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"db_query_records","arguments":{"table":"books","columns":["id","title","status","word_count"],"where":{"series_id":7},"order_by":[{"column":"id"}],"limit":50}}}'

now_ms() { date +%s%3N; }

start_server() {
  DB_ADMIN_PORT=$PORT DB_ADMIN_DATA_DIR="$DATA/pg" DB_ADMIN_EMBEDDED_PORT=$((PORT + 1)) \
    java -jar "$JAR" > "$DATA/server.log" 2>&1 &
  SERVER_PID=$!
}

wait_first_call() {
  local started=$1
  until curl -fsS -o /dev/null -X POST "http://127.0.0.1:$PORT/mcp" -H 'Content-Type: application/json' \
      -H 'Accept: application/json, text/event-stream' -d "$CALL" 2>/dev/null; do
    sleep 0.05
  done
  echo $(( $(now_ms) - started ))
}

stop_server() {
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
}

t0=$(now_ms); start_server
first=$(wait_first_call "$t0")
echo "first start (initdb + demo data load + JIT-cold server): ${first} ms to first served tools/call"
stop_server

t0=$(now_ms); start_server
warm=$(wait_first_call "$t0")
echo "restart (existing data folder): ${warm} ms to first served tools/call"

echo "latency of db_query_records (50 rows of one series), 100 sequential calls after 200 warm-up calls:"
npx -y autocannon -c 1 -a 200 -m POST -H 'Content-Type: application/json' \
  -H 'Accept: application/json, text/event-stream' -b "$CALL" "http://127.0.0.1:$PORT/mcp" > /dev/null 2>&1
npx -y autocannon -c 1 -a 100 -m POST -H 'Content-Type: application/json' \
  -H 'Accept: application/json, text/event-stream' -b "$CALL" --json "http://127.0.0.1:$PORT/mcp" 2>/dev/null \
  | python3 -c 'import json,sys; r=json.load(sys.stdin); l=r["latency"]; print("  p50 %s ms, p90 %s ms, p99 %s ms, max %s ms, errors %s, non2xx %s" % (l["p50"], l["p90"], l["p99"], l["max"], r["errors"], r["non2xx"]))'
