#!/usr/bin/env bash
# Lambda cold start, measured locally: the lambda jar's handlers started in fresh JVMs against a real
# PostgreSQL 15 (a throwaway cluster on 127.0.0.1), timing handler constructed -> first invocation answered.
#
#   bench/lambda-cold-start.sh [runs]      (default 5 runs per handler; needs /usr/lib/postgresql/15/bin)
#   JAVA_OPTS="-XX:+TieredCompilation -XX:TieredStopAtLevel=1" bench/lambda-cold-start.sh
#
# Builds target/database-admin-server-lambda.jar first unless SKIP_BUILD=1. Prints the jar size, then one
# CSV line per run (bench/LambdaColdStart.java says what each column is) and the medians.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-5}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
JAR="$ROOT/target/database-admin-server-lambda.jar"

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  (cd "$ROOT" && ./mvnw -B -q -P lambda package -DskipTests)
fi

PG_DIR="$(mktemp -d)"
chown postgres "$PG_DIR" 2>/dev/null || true
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
as_postgres() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap cleanup EXIT

as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/pg.log" -w \
  -o "-p $PORT -c listen_addresses=127.0.0.1 -k $PG_DIR" start >/dev/null
"$PG_BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c \
  "CREATE TABLE bench_notes (id int PRIMARY KEY, title text); INSERT INTO bench_notes SELECT g, 'note ' || g FROM generate_series(1, 100) g;"

export DATABASE_URL="jdbc:postgresql://127.0.0.1:$PORT/postgres"
export DATABASE_USER=postgres
export DB_ADMIN_POOL_SIZE=2
export MICRONAUT_ENVIRONMENTS=lambda

# The driver is compiled first so that jvm_to_main_ms is the JVM's own start, not source compilation.
CLASSES="$PG_DIR/classes"
javac -cp "$JAR" -d "$CLASSES" "$ROOT/bench/LambdaColdStart.java"
read -r -a JAVA_FLAGS <<< "${JAVA_OPTS:-}"

# Every handler the Terraform names must be a class in this jar (the Terraform cross-check test covers the
# build classpath; this covers the artifact itself).
for handler in $(grep -ohE '"[A-Za-z0-9_.]+::handleRequest"' "$ROOT"/terraform/*.tf | tr -d '"' | sort -u); do
  class_file="$(echo "${handler%%::*}" | tr . /).class"
  if ! unzip -l "$JAR" "$class_file" >/dev/null 2>&1; then
    echo "FAIL  $handler: $class_file is not in $JAR" >&2
    exit 1
  fi
done
if unzip -l "$JAR" | grep -qE 'io/zonky|postgres-linux|io/micronaut/http/server/netty'; then
  echo "FAIL  $JAR contains the embedded PostgreSQL or the Netty server" >&2
  exit 1
fi

echo "artifact: $(stat -c %s "$JAR") bytes ($(du -h "$JAR" | cut -f1)), $(unzip -l "$JAR" | tail -1 | awk '{print $1}') bytes unzipped"
echo "java: $(java -version 2>&1 | head -1), cores: $(nproc)"
echo "handler,jvm_to_main_ms,construct_ms,first_invocation_ms,init_to_answer_ms,second_invocation_ms,status"
RESULTS="$(mktemp)"
for handler in query http; do
  for _ in $(seq "$RUNS"); do
    if ! java "${JAVA_FLAGS[@]}" -cp "$JAR:$CLASSES" LambdaColdStart "$handler" 2>"$PG_DIR/stderr" | tee -a "$RESULTS"; then
      echo "the $handler handler failed in the Lambda artifact:" >&2
      grep -v '^[[:space:]]*at ' "$PG_DIR/stderr" | tail -20 >&2
      exit 1
    fi
  done
done
for handler in query http; do
  median="$(grep "^$handler," "$RESULTS" | cut -d, -f5 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
  echo "median init_to_answer_ms $handler: $median"
done
rm -f "$RESULTS"
