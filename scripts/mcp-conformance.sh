#!/usr/bin/env bash
# The official MCP conformance suite (npm @modelcontextprotocol/conformance) against a running server.
#
# Usage: scripts/mcp-conformance.sh http://127.0.0.1:PORT/mcp
# Runs every scenario in REQUIRED and fails (exit 1) when any of them fails. Scenarios that exercise the reference "everything" server's own tools
# (tools-call-*, resources-read-*, prompts-get-*, completion, elicitation, sampling, subscriptions,
# server-sse-*) do not apply to this server and are not run. McpConformanceIT runs this against the
# packaged jar in `./mvnw verify`.
#
# Needs npx (Node 20 is fine): the suite itself runs on Node 22, fetched as the npm package node@22.
set -uo pipefail

URL=${1:?usage: $0 http://127.0.0.1:PORT/mcp}
SUITE=@modelcontextprotocol/conformance@0.1.16
REQUIRED=(server-initialize ping tools-list logging-set-level resources-list prompts-list dns-rebinding-protection)

run() {
  timeout 300 npx -y -p node@22 -p "$SUITE" -c "conformance server --url '$URL' --scenario '$1'" 2>&1 \
    | grep -v -e 'npm warn' -e EBADENGINE -e "^  \(package\|required\|current\):" -e '^}$' \
    | sed 's/\x1b\[[0-9;]*m//g'
  return "${PIPESTATUS[0]}"
}

passed=0
failed=0
for scenario in "${REQUIRED[@]}"; do
  output=$(run "$scenario")
  status=$?
  echo "$output"
  if [ "$status" -eq 0 ] && grep -q ', 0 failed' <<<"$output"; then
    echo "conformance: $scenario PASSED"
    passed=$((passed + 1))
  else
    echo "conformance: $scenario FAILED (exit $status)" >&2
    failed=$((failed + 1))
  fi
done

echo "conformance: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
