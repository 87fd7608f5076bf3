#!/usr/bin/env bash
# Static checks for the deployment and monitoring files (docker/, infra/) and the shell scripts.
#
#   scripts/check-infra.sh        (from the repository root, or any directory)
#
# Checks: Prometheus config, alert rules and their unit tests (promtool); YAML lint of the
# compose file and every infra/**/*.yml|yaml; the Grafana dashboard JSON and every PromQL
# expression in it (syntax via promtool, metric names against the list the server exports);
# the Kubernetes kustomization (if kubectl is present); the compose file (if docker compose or
# docker-compose is present); shellcheck of scripts/*.sh and bench/*.sh.
#
# Missing tools (promtool from Debian's "prometheus" package, yamllint, shellcheck) are installed
# with apt-get when running as root. Otherwise the script stops and names them. Installing the
# prometheus package on a host with systemd also enables a Prometheus service; in containers
# policy-rc.d keeps it stopped.
# Every check runs even after a failure; the exit status is non-zero if any check failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

failures=0
passes=0
TMP_DIR="$(mktemp -d)"
trap 'rm -rf "$TMP_DIR"' EXIT

log() { printf '%s\n' "$*"; }

# run_check NAME COMMAND...: runs the command, prints its output only on failure.
run_check() {
  local name="$1"
  shift
  local out="$TMP_DIR/out.txt"
  if "$@" >"$out" 2>&1; then
    passes=$((passes + 1))
    log "PASS  $name"
  else
    failures=$((failures + 1))
    log "FAIL  $name"
    sed 's/^/      /' "$out"
  fi
}

skip() { log "SKIP  $1"; }

# --- Tools ------------------------------------------------------------------------------------
ensure_tools() {
  local missing=()
  command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
  command -v yamllint >/dev/null 2>&1 || missing+=(yamllint)
  command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
  if ! command -v python3 >/dev/null 2>&1; then
    log "python3 is required (JSON and PromQL checks)." >&2
    exit 1
  fi
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    log "Missing tools; install these Debian packages (as root): ${missing[*]}" >&2
    exit 1
  fi
  log "Installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_tools

# --- Prometheus ------------------------------------------------------------------------------
# promtool resolves rule_files relative to the config file, so alerts.yml is checked as well.
run_check "promtool check config infra/prometheus/prometheus.yml" \
  promtool check config infra/prometheus/prometheus.yml

# Debian's promtool is built without Kubernetes service discovery and rejects
# kubernetes_sd_configs; the upstream promtool and Prometheus accept it.
check_k8s_prometheus_config() {
  local out="$TMP_DIR/k8s-prom.txt"
  if promtool check config infra/prometheus/prometheus-kubernetes.yml >"$out" 2>&1; then
    passes=$((passes + 1))
    log "PASS  promtool check config infra/prometheus/prometheus-kubernetes.yml"
  elif grep -q 'field kubernetes_sd_configs not found' "$out"; then
    skip "promtool check config infra/prometheus/prometheus-kubernetes.yml (this promtool lacks Kubernetes SD)"
  else
    failures=$((failures + 1))
    log "FAIL  promtool check config infra/prometheus/prometheus-kubernetes.yml"
    sed 's/^/      /' "$out"
  fi
}
check_k8s_prometheus_config

run_check "promtool check rules infra/prometheus/alerts.yml" \
  promtool check rules infra/prometheus/alerts.yml
run_check "promtool test rules infra/prometheus/alerts.test.yml" \
  promtool test rules infra/prometheus/alerts.test.yml

# --- YAML lint ---------------------------------------------------------------------------------
YAMLLINT_CONFIG='{extends: default, rules: {line-length: disable, document-start: disable, truthy: {check-keys: false}, comments: {min-spaces-from-content: 1}, comments-indentation: disable}}'
yaml_files=(docker/docker-compose.yml)
while IFS= read -r -d '' f; do
  yaml_files+=("$f")
done < <(find infra -type f \( -name '*.yml' -o -name '*.yaml' \) -print0 | sort -z)
run_check "yamllint (${#yaml_files[@]} files)" yamllint -s -d "$YAMLLINT_CONFIG" "${yaml_files[@]}"

# --- Grafana dashboard -------------------------------------------------------------------------
DASHBOARD=infra/grafana/dashboards/database-admin-server.json
run_check "json.tool $DASHBOARD" python3 -m json.tool "$DASHBOARD"

# Every PromQL expression in the dashboard (template variables replaced by plausible values)
# becomes a recording rule, so promtool parses it. Metric names in the dashboard and in
# alerts.yml must come from the list the server exports (plus Prometheus' own "up").
promql_check() {
  local status=0
  python3 - "$DASHBOARD" infra/prometheus/alerts.yml "$TMP_DIR/dashboard-rules.yml" <<'PY' || status=1
import json, re, sys

dashboard_path, alerts_path, rules_out = sys.argv[1:4]
allowed = {
    "up",
    "db_admin_requests_total",
    "db_admin_request_duration_seconds_bucket",
    "db_admin_request_duration_seconds_sum",
    "db_admin_request_duration_seconds_count",
    "db_admin_errors_total",
    "db_admin_rate_limited_total",
    "db_admin_audit_failures_total",
    "db_admin_database_up",
    "db_admin_pool_active_connections",
    "db_admin_pool_idle_connections",
    "db_admin_pool_pending_threads",
    "db_admin_pool_max_connections",
    "db_admin_backups_total",
    "db_admin_backup_duration_seconds_sum",
    "db_admin_backup_duration_seconds_count",
    "db_admin_backup_duration_seconds_max",
    "db_admin_backup_size_bytes",
    "db_admin_backup_last_success_timestamp_seconds",
    "db_admin_backup_store_free_bytes",
    "db_admin_backup_store_total_bytes",
    "jvm_memory_used_bytes",
    "jvm_memory_max_bytes",
    "process_cpu_usage",
    "process_uptime_seconds",
}
keywords = {
    "sum", "min", "max", "avg", "count", "by", "without", "rate", "increase", "irate",
    "histogram_quantile", "time", "and", "or", "unless", "offset", "absent", "sort_desc",
    "sort", "topk", "bottomk", "label_values", "on", "ignoring", "group_left", "group_right",
    "max_over_time", "min_over_time", "avg_over_time", "bool", "le", "job", "instance",
    "tool", "transport", "outcome", "code", "type", "area", "id", "inf", "nan",
}

def names(expr):
    stripped = re.sub(r'\{[^}]*\}', '', expr)           # label matchers
    stripped = re.sub(r'"[^"]*"', '', stripped)          # strings
    stripped = re.sub(r'\[[^\]]*\]', '', stripped)       # ranges
    stripped = re.sub(r'\$\w+', '', stripped)            # template variables
    stripped = re.sub(r'\b\d+(\.\d+)?[smhdwy]?\b', '', stripped)
    return {t for t in re.findall(r'[A-Za-z_:][A-Za-z0-9_:]*', stripped) if t not in keywords}

def substitute(expr):
    expr = expr.replace("$__rate_interval", "1m").replace("$__range", "1h").replace("$__interval", "1m")
    return re.sub(r'\$\{?\w+\}?', '.*', expr)

errors = []
exprs = []
dash = json.load(open(dashboard_path))

def walk(panels):
    for p in panels:
        for t in p.get("targets", []):
            if t.get("expr"):
                exprs.append((p.get("title", "?"), t["expr"]))
        walk(p.get("panels", []))

walk(dash.get("panels", []))
for v in dash.get("templating", {}).get("list", []):
    q = v.get("query")
    q = q.get("query") if isinstance(q, dict) else q
    if v.get("type") == "query" and q:
        m = re.match(r'label_values\((.*),\s*\w+\)$', q)
        exprs.append(("variable " + v["name"], m.group(1) if m else q))

if not exprs:
    errors.append("no PromQL expressions found in the dashboard")
for title, expr in exprs:
    bad = names(expr) - allowed
    if bad:
        errors.append(f"dashboard panel '{title}': unknown metric(s) {sorted(bad)} in: {expr}")

alert_exprs = re.findall(r'expr:\s*(\|\n(?:\s{10,}.*\n?)+|.+)', open(alerts_path).read())
for raw in alert_exprs:
    expr = raw[1:] if raw.startswith("|") else raw
    bad = names(expr) - allowed
    if bad:
        errors.append(f"alerts.yml: unknown metric(s) {sorted(bad)} in: {expr.strip()}")

with open(rules_out, "w") as fh:
    fh.write("groups:\n  - name: dashboard-expressions\n    rules:\n")
    for i, (_, expr) in enumerate(exprs):
        fh.write(f"      - record: dashboard:expr_{i}\n        expr: {json.dumps(substitute(expr))}\n")

for e in errors:
    print(e)
print(f"{len(exprs)} dashboard expressions, {len(alert_exprs)} alert expressions checked")
sys.exit(1 if errors else 0)
PY
  promtool check rules "$TMP_DIR/dashboard-rules.yml" || status=1
  return "$status"
}
run_check "dashboard and alert PromQL (syntax and metric names)" promql_check

# --- Kubernetes --------------------------------------------------------------------------------
if command -v kubectl >/dev/null 2>&1; then
  run_check "kubectl kustomize infra/k8s" kubectl kustomize infra/k8s
else
  skip "kubectl kustomize infra/k8s (kubectl not installed)"
fi

# --- Docker Compose ----------------------------------------------------------------------------
# Renders the compose file with docker/.env.example. Dummy values stand in for the secrets
# that .env.example leaves empty on purpose.
compose_check() {
  local -a compose
  if docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
  else
    compose=(docker-compose)
  fi
  POSTGRES_PASSWORD=check GRAFANA_ADMIN_PASSWORD=check \
    "${compose[@]}" --env-file docker/.env.example -f docker/docker-compose.yml config -q
}
if { command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; } ||
  command -v docker-compose >/dev/null 2>&1; then
  run_check "compose config docker/docker-compose.yml" compose_check
else
  skip "compose config (neither 'docker compose' nor docker-compose installed)"
fi

# Every ${VAR} that docker-compose.yml reads must be documented in docker/.env.example.
env_example_check() {
  local var undocumented=0
  # shellcheck disable=SC2016 # a literal "${" is searched for
  while IFS= read -r var; do
    if ! grep -q "^${var}=" docker/.env.example; then
      log "docker/.env.example lacks ${var}"
      undocumented=1
    fi
  done < <(grep -o '\${[A-Z_][A-Z0-9_]*' docker/docker-compose.yml | sed 's/^\${//' | sort -u)
  return "$undocumented"
}
run_check "docker/.env.example documents every compose variable" env_example_check

# --- Shell scripts -----------------------------------------------------------------------------
shell_files=()
for f in scripts/*.sh bench/*.sh; do
  [ -e "$f" ] && shell_files+=("$f")
done
if [ "${#shell_files[@]}" -gt 0 ]; then
  run_check "shellcheck (${#shell_files[@]} files)" shellcheck "${shell_files[@]}"
else
  skip "shellcheck (no scripts)"
fi

log ""
log "check-infra: ${passes} passed, ${failures} failed"
[ "$failures" -eq 0 ]
