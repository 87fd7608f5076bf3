#!/usr/bin/env bash
# Static checks of terraform/: formatting, then init + validate with the AWS provider.
#
#   scripts/check-terraform.sh        (from the repository root, or any directory)
#
# `terraform validate` needs the AWS provider. This workplace cannot download providers, so init
# uses a local plugin mirror (-plugin-dir=/opt/tf-plugins, or TF_PLUGIN_DIR). Without one, the
# script says so and skips init/validate; formatting is checked regardless. The .terraform folder
# and lock file created by init are removed afterwards.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TF_DIR="$ROOT/terraform"
PLUGIN_DIR="${TF_PLUGIN_DIR:-/opt/tf-plugins}"

if ! command -v terraform >/dev/null 2>&1; then
  echo "FAIL  terraform is not installed (https://developer.hashicorp.com/terraform/install)" >&2
  exit 1
fi

echo "terraform fmt -check -recursive terraform"
if ! terraform -chdir="$ROOT" fmt -check -recursive -diff terraform; then
  echo "FAIL  terraform fmt: run 'terraform fmt -recursive terraform'" >&2
  exit 1
fi
echo "PASS  terraform fmt"

if [ ! -d "$PLUGIN_DIR" ]; then
  echo "SKIP  terraform init/validate: no provider plugin directory at $PLUGIN_DIR" \
    "(set TF_PLUGIN_DIR to a filesystem mirror holding hashicorp/aws ~> 5.100)"
  exit 0
fi

cleanup() {
  rm -rf "$TF_DIR/.terraform" "$TF_DIR/.terraform.lock.hcl"
}
trap cleanup EXIT
cleanup

echo "terraform init -backend=false -plugin-dir=$PLUGIN_DIR"
terraform -chdir="$TF_DIR" init -backend=false -input=false -no-color -plugin-dir="$PLUGIN_DIR" >/dev/null
echo "terraform validate"
terraform -chdir="$TF_DIR" validate -no-color
echo "PASS  terraform validate"
