#!/usr/bin/env bash
# Deletes old published versions of one Lambda function, keeping every version an alias points
# to and the newest $KEEP others. Lambda never deletes versions itself, and each one counts
# against the account's code storage. Run by terraform (terraform_data.prune_versions) after a
# deploy; needs the AWS CLI and the deploying credentials.
#
#   FUNCTION_NAME=dbadmin-prod-query KEEP=3 scripts/prune-lambda-versions.sh
set -euo pipefail

: "${FUNCTION_NAME:?FUNCTION_NAME is required}"
KEEP="${KEEP:-3}"

if ! command -v aws >/dev/null 2>&1; then
  echo "prune-lambda-versions: the AWS CLI is not installed; old versions of $FUNCTION_NAME are kept" \
    "(set lambda_versions_to_keep = 0 to stop trying)." >&2
  exit 0
fi

aliased="$(aws lambda list-aliases --function-name "$FUNCTION_NAME" \
  --query 'Aliases[].FunctionVersion' --output text | tr '\t' '\n')"
# Every published version ($LATEST is not one: it has no number and is dropped by the grep).
versions="$(aws lambda list-versions-by-function --function-name "$FUNCTION_NAME" \
  --query 'Versions[].Version' --output text | tr '\t' '\n' | grep -x '[0-9][0-9]*' | sort -n)"

candidates=()
while IFS= read -r version; do
  [ -z "$version" ] && continue
  if ! grep -qx "$version" <<<"$aliased"; then
    candidates+=("$version")
  fi
done <<<"$versions"

delete_count=$((${#candidates[@]} - KEEP))
for ((i = 0; i < delete_count; i++)); do
  echo "prune-lambda-versions: deleting $FUNCTION_NAME:${candidates[$i]}"
  aws lambda delete-function --function-name "$FUNCTION_NAME" --qualifier "${candidates[$i]}"
done
