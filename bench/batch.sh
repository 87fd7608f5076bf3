#!/usr/bin/env bash
# "Batch and schema" benchmark (docs/benchmarks.md): the packaged server on 127.0.0.1 against its own
# throw-away PostgreSQL 15 cluster (Debian's binaries), driven over MCP HTTP by bench/BatchBench.java;
# psql \copy of the same 100,000 rows as the reference; bench/BatchStrategies.java for the raw SQL
# strategies behind BatchInsert's choice. Everything is removed afterwards.
#
#   bench/batch.sh            (builds the jar first if target/ has none; run as root for runuser)
set -euo pipefail
cd "$(dirname "$0")/.."

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
JAR=target/database-admin-server-1.0.0.jar
[ -f "$JAR" ] || ./mvnw -B -q package -DskipTests

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
WORK=$(mktemp -d /tmp/dbadmin-bench-XXXXXX)
PG_PORT=$(free_port)
APP_PORT=$(free_port)
SERVER_PID=

cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

chmod 755 "$WORK"
chown postgres "$WORK"
runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/data" -U postgres -A trust >/dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/postgres.log" -w \
  -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=50" start >/dev/null
PSQL=("$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres)
"${PSQL[@]}" -c "CREATE DATABASE bench"

echo "# machine: $(nproc) cores, $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# PostgreSQL: $("${PSQL[@]}" -d bench -Atc 'SHOW server_version')  java: $(java -version 2>&1 | head -1)"

DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/bench" DB_ADMIN_DATABASE_LOAD_DEMO=true DB_ADMIN_DEMO_BOOKS=2000 \
  DB_ADMIN_PORT="$APP_PORT" DB_ADMIN_RATE_LIMIT=100000000 \
  java -jar "$JAR" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$APP_PORT/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$APP_PORT/health" >/dev/null || { cat "$WORK/server.log"; exit 1; }

java -cp "$JAR" bench/BatchBench.java "http://127.0.0.1:$APP_PORT" "$WORK/copy-rows.tsv"

echo "== reference: psql \\copy of the same 100,000 rows into books (one COPY, one transaction)"
started=$(date +%s%N)
"${PSQL[@]}" -d bench -c "\\copy books (author_id, title, subtitle, status, word_count, genre, tags, isbn, price, published_on, metadata) FROM '$WORK/copy-rows.tsv'"
ended=$(date +%s%N)
awk -v ns=$((ended - started)) 'BEGIN { printf "psql \\copy               total %8.0f ms  %8.0f rows/s\n", ns / 1e6, 100000 / (ns / 1e9) }'

echo "== raw SQL strategies for 1000 books-like rows (bench/BatchStrategies.java, no server)"
java -cp "$JAR" bench/BatchStrategies.java "jdbc:postgresql://127.0.0.1:$PG_PORT/bench?reWriteBatchedInserts=true" postgres 1000 30
echo "# load average after: $(cut -d" " -f1-3 /proc/loadavg)"
