#!/usr/bin/env bash
# Backup and restore benchmark: a full backup and a restore of a >= 300 MB database with
# database-admin-server (db_backup_full / db_restore_full over REST) against pg_dump | gzip -1 and
# gunzip | psql, in the same run, on the same PostgreSQL 15 server. Both compress at deflate level 1
# (the server with BACKUP_COMPRESSION_LEVEL=1), so the comparison is of the work, not of the level.
# The restore is compared with psql running the same dump (our file) and pg_dump's file.
#
#   bench/backup.sh                     # defaults: pgbench scale 30 + 500k mixed-type rows (~500 MB)
#   SCALE=60 DOCS=1000000 bench/backup.sh
#
# Needs the PostgreSQL 15 server and client binaries (PGBIN) and a JDK. Starts its own PostgreSQL on
# 127.0.0.1:$PGPORT in a temporary folder and removes it afterwards. The server runs with -Xmx256m to
# show that backup and restore stream (memory does not grow with the database).
set -euo pipefail
cd "$(dirname "$0")/.."

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
SCALE=${SCALE:-30}
DOCS=${DOCS:-500000}
PGPORT=${PGPORT:-55440}
APP_PORT=${APP_PORT:-3191}
HEAP=${HEAP:-256m}
WORK=$(mktemp -d /tmp/dbadmin-bench-backup.XXXXXX)
# One signing key for the backup and the restore servers (as in production: every server shares it).
SIGNING_KEY=$(head -c 32 /dev/urandom | base64)
JAR=target/database-admin-server-1.0.0.jar
RESULTS=bench/results
mkdir -p "$RESULTS"
OUT="$RESULTS/backup-$(date -u +%Y%m%d-%H%M%S).txt"

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.1f}')"; }
psql_() { "$PGBIN/psql" -X -q -h 127.0.0.1 -p "$PGPORT" -U postgres "$@"; }

SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  as_postgres "$PGBIN/pg_ctl" -D "$WORK/pgdata" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

[ -f "$JAR" ] || ./mvnw -B -q package -DskipTests

echo "== PostgreSQL 15 on 127.0.0.1:$PGPORT (data in $WORK)"
mkdir -p "$WORK/pgdata" "$WORK/store"
[ "$(id -u)" = 0 ] && chown postgres "$WORK" "$WORK/pgdata"
as_postgres "$PGBIN/initdb" -D "$WORK/pgdata" -A trust -U postgres >/dev/null
as_postgres "$PGBIN/pg_ctl" -D "$WORK/pgdata" -l "$WORK/pgdata/log" -w \
  -o "-p $PGPORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$WORK/pgdata -c shared_buffers=256MB -c max_wal_size=4GB" start >/dev/null

echo "== Generating data: pgbench scale $SCALE + $DOCS rows of mixed types"
psql_ -c "CREATE DATABASE bench"
"$PGBIN/pgbench" -q -i -s "$SCALE" -h 127.0.0.1 -p "$PGPORT" -U postgres bench >/dev/null 2>&1
psql_ -d bench <<SQL
CREATE TABLE docs (
  id bigint PRIMARY KEY, title text NOT NULL, body text, doc jsonb, tags text[], payload bytea,
  created timestamptz NOT NULL DEFAULT now(), price numeric(12,2));
INSERT INTO docs
SELECT i, 'title ' || i || ' ü', repeat(md5(i::text), 3), jsonb_build_object('i', i, 'k', ARRAY[i, i * 2], 's', md5(i::text)),
       ARRAY['t' || (i % 10), 'x' || (i % 7)], decode(md5(i::text), 'hex'), now() - (i || ' seconds')::interval, i % 1000 + 0.99
FROM generate_series(1, $DOCS) i;
CREATE INDEX docs_doc_idx ON docs USING gin (doc);
VACUUM ANALYZE;
SQL
SIZE=$(psql_ -d bench -Atc "SELECT pg_database_size('bench')")
SIZE_MB=$((SIZE / 1024 / 1024))
echo "   database size: $SIZE_MB MB"

start_server() { # database
  DATABASE_URL="postgresql://postgres@127.0.0.1:$PGPORT/$1" BACKUP_DIR="$WORK/store" DB_ADMIN_PORT=$APP_PORT \
    BACKUP_COMPRESSION_LEVEL=1 DB_ADMIN_BACKUP_SIGNING_KEY="$SIGNING_KEY" \
    java -Xmx"$HEAP" -jar "$JAR" > "$WORK/server-$1.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$APP_PORT/api/tools" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "server did not start:"; cat "$WORK/server-$1.log"; exit 1
}
stop_server() {
  PEAK_RSS_MB=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$SERVER_PID/status")
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
}
call() { # tool arguments
  curl -sf -X POST "http://127.0.0.1:$APP_PORT/api/tools/$1" -H 'Content-Type: application/json' -d "$2"
}

echo "== Backup: pg_dump | gzip -1"
t0=$(now); "$PGBIN/pg_dump" -h 127.0.0.1 -p "$PGPORT" -U postgres bench | gzip -1 > "$WORK/pg_dump.sql.gz"; t1=$(now)
PGDUMP_S=$(elapsed "$t0" "$t1"); PGDUMP_BYTES=$(stat -c %s "$WORK/pg_dump.sql.gz")

echo "== Backup: db_backup_full"
start_server bench
t0=$(now); RESULT=$(call db_backup_full '{}'); t1=$(now)
OURS_S=$(elapsed "$t0" "$t1"); stop_server; BACKUP_RSS=$PEAK_RSS_MB
FILE=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['backup'])" "$RESULT")
OURS_BYTES=$(stat -c %s "$WORK/store/$FILE")

echo "== Restore: gunzip | psql (pg_dump's file)"
psql_ -c "CREATE DATABASE restore_psql"
t0=$(now); gunzip -c "$WORK/pg_dump.sql.gz" | psql_ -v ON_ERROR_STOP=1 -d restore_psql >/dev/null; t1=$(now)
PSQL_S=$(elapsed "$t0" "$t1")

echo "== Restore: db_restore_full"
psql_ -c "CREATE DATABASE restore_tool"
start_server restore_tool
t0=$(now); call db_restore_full "{\"backupFile\":\"$FILE\"}" >/dev/null; t1=$(now)
RESTORE_S=$(elapsed "$t0" "$t1"); stop_server; RESTORE_RSS=$PEAK_RSS_MB

echo "== Restore: gunzip | psql (our file, without the tool)"
psql_ -c "CREATE DATABASE restore_ours_psql"
t0=$(now); gunzip -c "$WORK/store/$FILE" | psql_ -v ON_ERROR_STOP=1 -d restore_ours_psql >/dev/null; t1=$(now)
OURS_PSQL_S=$(elapsed "$t0" "$t1")

echo "== Exports and imports of pgbench_accounts ($((SCALE * 100000)) rows), same heap"
start_server bench
t0=$(now); CSV=$(call db_export_csv '{"table":"pgbench_accounts"}'); t1=$(now); EXPORT_CSV_S=$(elapsed "$t0" "$t1")
t0=$(now); JSONX=$(call db_export_json '{"table":"pgbench_accounts"}'); t1=$(now); EXPORT_JSON_S=$(elapsed "$t0" "$t1")
CSV_FILE=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['file'])" "$CSV")
JSON_FILE=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['file'])" "$JSONX")
t0=$(now); IMPORTED_CSV=$(call db_import_csv "{\"table\":\"pgbench_accounts\",\"csvFile\":\"$CSV_FILE\",\"onConflict\":\"skip\"}"); t1=$(now)
IMPORT_CSV_S=$(elapsed "$t0" "$t1")
t0=$(now); IMPORTED_JSON=$(call db_import_json "{\"table\":\"pgbench_accounts\",\"jsonFile\":\"$JSON_FILE\",\"onConflict\":\"skip\"}"); t1=$(now)
IMPORT_JSON_S=$(elapsed "$t0" "$t1")
stop_server; TRANSFER_RSS=$PEAK_RSS_MB
for r in "$IMPORTED_CSV" "$IMPORTED_JSON"; do
  python3 -c "import json,sys; r=json.loads(sys.argv[1]); print('   import:', r['rows'], 'rows,', r['skipped'], 'skipped')" "$r"
done

for db in restore_psql restore_tool restore_ours_psql; do
  ROWS=$(psql_ -d "$db" -Atc "SELECT (SELECT count(*) FROM pgbench_accounts) + (SELECT count(*) FROM docs)")
  echo "   $db: $ROWS rows in pgbench_accounts + docs"
done

ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
{
  echo "Backup and restore benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}')"
  echo "Database: pgbench scale $SCALE + $DOCS docs rows = $SIZE_MB MB (pg_database_size)"
  echo "Server heap: -Xmx$HEAP"
  echo
  printf "%-44s %9s %12s %8s\n" "operation" "seconds" "file MB" "ratio"
  printf "%-44s %9s %12s %8s\n" "pg_dump | gzip -1" "$PGDUMP_S" "$((PGDUMP_BYTES / 1024 / 1024))" "1.00"
  printf "%-44s %9s %12s %8s\n" "db_backup_full (gzip -1, peak RSS ${BACKUP_RSS} MB)" "$OURS_S" "$((OURS_BYTES / 1024 / 1024))" "$(ratio "$OURS_S" "$PGDUMP_S")"
  printf "%-44s %9s %12s %8s\n" "gunzip | psql (pg_dump file)" "$PSQL_S" "" "1.00"
  printf "%-44s %9s %12s %8s\n" "gunzip | psql (db_backup_full file)" "$OURS_PSQL_S" "" "$(ratio "$OURS_PSQL_S" "$PSQL_S")"
  printf "%-44s %9s %12s %8s\n" "db_restore_full (peak RSS ${RESTORE_RSS} MB)" "$RESTORE_S" "" "$(ratio "$RESTORE_S" "$PSQL_S")"
  printf "%-44s %9s %12s %8s\n" "  ratio to psql of the same dump" "" "" "$(ratio "$RESTORE_S" "$OURS_PSQL_S")"
  echo
  echo "pgbench_accounts, $((SCALE * 100000)) rows (server peak RSS over the four: ${TRANSFER_RSS} MB)"
  printf "%-44s %9s\n" "db_export_csv" "$EXPORT_CSV_S"
  printf "%-44s %9s\n" "db_export_json" "$EXPORT_JSON_S"
  printf "%-44s %9s\n" "db_import_csv (all rows exist: skip)" "$IMPORT_CSV_S"
  printf "%-44s %9s\n" "db_import_json (all rows exist: skip)" "$IMPORT_JSON_S"
} | tee "$OUT"
echo "results: $OUT"
