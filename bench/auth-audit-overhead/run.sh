#!/usr/bin/env bash
# Auth + audit overhead. Throughput of db_query_records and db_insert_record over REST against two
# servers on the same PostgreSQL in the same run:
#   off: no authentication, audit log off, rate limit off
#   on : JWT (HS256, issuer + audience checked) on every request, every call audited (changes in their
#        own transaction, reads in the background), per-principal rate limit on (set high enough not to bite)
# Prints a markdown table with the on/off ratio. Bounded: ROUNDS x 4 runs of DURATION seconds + warm-up.
#
#   ./mvnw -B -q package -DskipTests && bench/auth-audit-overhead/run.sh
#   DURATION=15 CONNECTIONS=10 ROUNDS=2 bench/auth-audit-overhead/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-15}
WARMUP=${WARMUP:-30}  # per route, both servers at once: lets the JIT settle before measuring
CONNECTIONS=${CONNECTIONS:-10}
ROUNDS=${ROUNDS:-2}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${PG_PORT:-55441}
OFF_PORT=${OFF_PORT:-3041}
ON_PORT=${ON_PORT:-3042}
JAR=${JAR:-target/database-admin-server-1.0.0.jar}
SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
OUT=bench/auth-audit-overhead/last-run.md

[ -f "$JAR" ] || { echo "build first: ./mvnw -B -q package -DskipTests" >&2; exit 1; }
WORK=$(mktemp -d /tmp/dbadmin-auth-bench.XXXXXX)
AS_PG=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$WORK"
  AS_PG=(runuser -u postgres --)
fi
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "PostgreSQL 15 on 127.0.0.1:$PG_PORT ($WORK)"
"${AS_PG[@]}" "$PG_BIN/initdb" -D "$WORK/pg" -U postgres -A trust >/dev/null
"${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w start \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $WORK -c max_connections=100" >/dev/null
PSQL=("${AS_PG[@]}" "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qtA)
"${AS_PG[@]}" "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -q \
  -c "CREATE SCHEMA bench" \
  -c "CREATE TABLE bench.events (id bigserial PRIMARY KEY, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"

COMMON=(-Xmx512m -Ddb-admin.database.url="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"
        -Ddb-admin.database.username=postgres -Ddb-admin.database.load-demo=true -Ddb-admin.embedded.demo-books=2000
        -Ddb-admin.database.pool-size=10)
start_server() { # name port env...
  local name=$1 port=$2; shift 2
  env "$@" java "${COMMON[@]}" -Dmicronaut.server.port="$port" -jar "$JAR" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 240); do
    kill -0 "${PIDS[-1]}" 2>/dev/null || break
    if curl -sf "http://127.0.0.1:$port/health/readiness" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "server $name did not start:" >&2; tail -50 "$WORK/$name.log" >&2; exit 1
}
start_server off "$OFF_PORT" DB_ADMIN_AUDIT_LOG_ENABLED=false DB_ADMIN_RATE_LIMIT=0
# ON_PARTS=auth or ON_PARTS=audit measures one half alone (to see which one costs what).
ON_PARTS=${ON_PARTS:-auth,audit}
ON_ENV=(DB_ADMIN_RATE_LIMIT=100000000 DB_ADMIN_AUDIT_LOG_ENABLED=false)
case ",$ON_PARTS," in *,audit,*) ON_ENV+=(DB_ADMIN_AUDIT_LOG_ENABLED=true) ;; esac
case ",$ON_PARTS," in *,auth,*) ON_ENV+=(DB_ADMIN_JWT_SECRET="$SECRET" DB_ADMIN_JWT_ISSUER=bench-issuer DB_ADMIN_JWT_AUDIENCE=database-admin-server) ;; esac
start_server on "$ON_PORT" "${ON_ENV[@]}"

TOKEN=$(bench/hs256-token.sh "$SECRET")

QUERY_BODY='{"table":"books","columns":["id","title","status"],"where":{"status":"published"},"order_by":[{"column":"id","direction":"desc"}],"limit":10}'
INSERT_BODY='{"table":"bench.events","data":{"payload":"benchmark row"}}'
# Sanity: both servers answer, the "on" server refuses calls without a token.
curl -sf -H 'Content-Type: application/json' -d "$QUERY_BODY" "http://127.0.0.1:$OFF_PORT/api/db/query" >/dev/null
curl -sf -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" -d "$QUERY_BODY" "http://127.0.0.1:$ON_PORT/api/db/query" >/dev/null
case ",$ON_PARTS," in *,auth,*)
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "$QUERY_BODY" "http://127.0.0.1:$ON_PORT/api/db/query")" = 401 ] ;;
esac

load() { # port path body seconds [auth]
  local port=$1 path=$2 body=$3 seconds=$4 auth=${5:-}
  local headers=(-H 'Content-Type=application/json')
  [ -n "$auth" ] && headers+=(-H "Authorization=Bearer $auth")
  npx --yes autocannon@7 -j -c "$CONNECTIONS" -d "$seconds" -m POST "${headers[@]}" -b "$body" \
    "http://127.0.0.1:$port$path" 2>/dev/null
}
# CPU time (ms) used so far by a process and, for PostgreSQL, all of its backends and workers.
cpu_ms() {
  local total=0 pid fields
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    read -r -a fields < "/proc/$pid/stat" || continue
    total=$((total + fields[13] + fields[14]))
  done
  echo $((total * 1000 / $(getconf CLK_TCK)))
}
# CPU time (ms) of a JVM's threads except the JIT compilers: warm-up compilation is not a per-request cost.
jvm_cpu_ms() {
  local total=0 task line rest fields
  for task in /proc/"$1"/task/*; do
    line=$(cat "$task/stat" 2>/dev/null) || continue
    case "$line" in *"(C1 CompilerThre)"*|*"(C2 CompilerThre)"*) continue ;; esac
    rest=${line##*) }
    read -r -a fields <<< "$rest"
    total=$((total + fields[11] + fields[12]))
  done
  echo $((total * 1000 / $(getconf CLK_TCK)))
}
pg_pids() { local master; master=$(head -1 "$WORK/pg/postmaster.pid"); echo "$master" $(pgrep -P "$master"); }
field() { node -e 'const r = JSON.parse(require("fs").readFileSync(0)); console.log(eval(process.argv[1]))' "$1"; }

declare -A RPS P99 ERRORS JVM_CPU PG_CPU
SERVER_PID_off=${PIDS[0]}
SERVER_PID_on=${PIDS[1]}
for route in query insert; do # both servers at once, so warm-up costs WARMUP seconds per route
  path=/api/db/$route; body=$QUERY_BODY; [ $route = insert ] && body=$INSERT_BODY
  load "$OFF_PORT" "$path" "$body" "$WARMUP" >/dev/null &
  warming=$!
  load "$ON_PORT" "$path" "$body" "$WARMUP" "$TOKEN" >/dev/null
  wait "$warming"
done
for round in $(seq 1 "$ROUNDS"); do
  for route in query insert; do
    path=/api/db/$route; body=$QUERY_BODY; [ $route = insert ] && body=$INSERT_BODY
    for mode in off on; do
      server_pid_var=SERVER_PID_$mode
      jvm_before=$(jvm_cpu_ms "${!server_pid_var}"); pg_before=$(cpu_ms $(pg_pids))
      if [ $mode = off ]; then json=$(load "$OFF_PORT" "$path" "$body" "$DURATION")
      else json=$(load "$ON_PORT" "$path" "$body" "$DURATION" "$TOKEN"); fi
      sleep 0.2 # let the background audit writer finish its last batch
      key="$route/$mode"
      total=$(echo "$json" | field 'r.requests.total')
      JVM_CPU[$key]="${JVM_CPU[$key]:-} $(awk -v a="$(jvm_cpu_ms "${!server_pid_var}")" -v b="$jvm_before" -v n="$total" 'BEGIN { printf "%.3f", (a - b) / n }')"
      PG_CPU[$key]="${PG_CPU[$key]:-} $(awk -v a="$(cpu_ms $(pg_pids))" -v b="$pg_before" -v n="$total" 'BEGIN { printf "%.3f", (a - b) / n }')"
      RPS[$key]="${RPS[$key]:-} $(echo "$json" | field 'r.requests.average')"
      P99[$key]="${P99[$key]:-} $(echo "$json" | field 'r.latency.p99')"
      bad=$(echo "$json" | field '(r.non2xx || 0) + (r.errors || 0) + (r.timeouts || 0)')
      ERRORS[$key]=$(( ${ERRORS[$key]:-0} + bad ))
      echo "round $round $key: $(echo "$json" | field 'r.requests.average') req/s, p99 $(echo "$json" | field 'r.latency.p99') ms, CPU/request server ${JVM_CPU[$key]##* } ms + PostgreSQL ${PG_CPU[$key]##* } ms, failures $bad"
    done
  done
done
audited=$("${PSQL[@]}" -c "SELECT count(*) FROM dbadmin.audit_log")
inserted=$("${PSQL[@]}" -c "SELECT count(*) FROM bench.events")
server_errors=$(grep -c " ERROR " "$WORK/on.log" || true)
[ "$server_errors" = 0 ] || { echo "the \"on\" server logged errors:" >&2; grep " ERROR " "$WORK/on.log" | head -5 >&2; }

mean() { echo "$1" | tr ' ' '\n' | awk -v d="${2:-0}" 'NF { s += $1; n++ } END { printf "%.*f", d, s / n }'; }
{
  echo "| tool (REST route) | off: req/s | on: req/s | on/off | loss | p99 off / on (ms) | CPU ms/request off / on (server + PostgreSQL) | failed requests |"
  echo "|---|---|---|---|---|---|---|---|"
  for route in query insert; do
    off=$(mean "${RPS[$route/off]}"); on=$(mean "${RPS[$route/on]}")
    ratio=$(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.3f", a / b }')
    loss=$(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.1f%%", 100 * (1 - a / b) }')
    tool=db_query_records; [ $route = insert ] && tool=db_insert_record
    cpu_off="$(mean "${JVM_CPU[$route/off]}" 2) + $(mean "${PG_CPU[$route/off]}" 2)"
    cpu_on="$(mean "${JVM_CPU[$route/on]}" 2) + $(mean "${PG_CPU[$route/on]}" 2)"
    echo "| $tool (/api/db/$route) | $off | $on | $ratio | $loss | $(mean "${P99[$route/off]}") / $(mean "${P99[$route/on]}") | $cpu_off / $cpu_on | $(( ${ERRORS[$route/off]} + ${ERRORS[$route/on]} )) |"
  done
  echo
  echo "CPU excludes the JIT compiler threads (warm-up, not per-request work)."
  echo "on = $ON_PARTS; $CONNECTIONS connections, $ROUNDS rounds x ${DURATION} s per cell (alternating off/on), $(nproc) CPUs shared by"
  echo "PostgreSQL, both servers and autocannon; audit rows written by the \"on\" server: $audited; rows inserted: $inserted; server errors: $server_errors."
} | tee "$OUT"
