#!/usr/bin/env bash
# Checks of terraform/: formatting, init + validate with the AWS provider, then a plan with fake
# credentials whose JSON is checked for the deployment's promises (scripts/check-terraform-plan.py:
# no tool function uses the master secret, every route needs an identity, every schedule has a
# dead-letter queue, functions behind the RDS Proxy run with DB_ADMIN_POOLER=transaction).
#
#   scripts/check-terraform.sh        (from the repository root, or any directory)
#
# `terraform validate` needs the AWS provider. This workplace cannot download providers, so init
# uses a local plugin mirror (-plugin-dir=/opt/tf-plugins, or TF_PLUGIN_DIR). Without one, the
# script says so and skips init/validate/plan; formatting is checked regardless. The plan runs on a
# copy of terraform/ with fake credentials; the two data sources that call AWS while planning
# (STS caller identity, EC2 availability zones) are answered by moto_server on loopback, which
# must be installed (.ci/run installs it). In that copy the master secret's ARN is a known
# sentinel, so the plan shows which function would log in with it.
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
  echo "SKIP  terraform init/validate/plan: no provider plugin directory at $PLUGIN_DIR" \
    "(set TF_PLUGIN_DIR to a filesystem mirror holding hashicorp/aws ~> 5.100)"
  exit 0
fi
if ! command -v moto_server >/dev/null 2>&1; then
  echo "FAIL  terraform plan needs moto_server (pip install 'moto[server]'; .ci/run installs it)" >&2
  exit 1
fi

PLAN_DIR="$(mktemp -d)"
MOTO_PID=""
cleanup() {
  if [ -n "$MOTO_PID" ]; then
    kill "$MOTO_PID" 2>/dev/null || true
  fi
  rm -rf "$TF_DIR/.terraform" "$TF_DIR/.terraform.lock.hcl" "$PLAN_DIR"
}
trap cleanup EXIT
rm -rf "$TF_DIR/.terraform" "$TF_DIR/.terraform.lock.hcl"

echo "terraform init -backend=false -plugin-dir=$PLUGIN_DIR"
terraform -chdir="$TF_DIR" init -backend=false -input=false -no-color -plugin-dir="$PLUGIN_DIR" >/dev/null
echo "terraform validate"
terraform -chdir="$TF_DIR" validate -no-color
echo "PASS  terraform validate"

MOTO_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
moto_server -H 127.0.0.1 -p "$MOTO_PORT" >"$PLAN_DIR/moto.log" 2>&1 &
MOTO_PID=$!
ready=""
for _ in $(seq 1 150); do
  if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$MOTO_PORT/moto-api/', timeout=1)" 2>/dev/null; then
    ready=yes
    break
  fi
  sleep 0.2
done
if [ -z "$ready" ]; then
  cat "$PLAN_DIR/moto.log" >&2
  echo "FAIL  moto_server did not answer on port $MOTO_PORT" >&2
  exit 1
fi

MASTER_SENTINEL="arn:aws:secretsmanager:us-east-1:000000000000:secret:MASTER-SECRET-SENTINEL"
cp "$TF_DIR"/*.tf "$PLAN_DIR/"
printf 'fake artifact\n' >"$PLAN_DIR/artifact.jar"
cat >"$PLAN_DIR/plan_override.tf" <<OVERRIDE
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "fake"
  secret_key                  = "fake"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  endpoints {
    sts = "http://127.0.0.1:$MOTO_PORT"
    ec2 = "http://127.0.0.1:$MOTO_PORT"
  }
}

locals {
  db_secret_arn = "$MASTER_SENTINEL"
}
OVERRIDE

echo "terraform plan (fake credentials)"
# A throwaway backup signing key: the variable is required (every function must share a real one).
SIGNING_KEY=$(head -c 32 /dev/urandom | base64)
terraform -chdir="$PLAN_DIR" init -backend=false -input=false -no-color -plugin-dir="$PLUGIN_DIR" >/dev/null
if ! terraform -chdir="$PLAN_DIR" plan -input=false -no-color -out=tfplan \
  -var 'jwt_issuer=https://issuer.example.com' -var 'jwt_audience=["dbadmin"]' \
  -var "lambda_artifact_path=$PLAN_DIR/artifact.jar" -var "backup_signing_key=$SIGNING_KEY" >"$PLAN_DIR/plan.log" 2>&1; then
  cat "$PLAN_DIR/plan.log" >&2
  echo "FAIL  terraform plan" >&2
  exit 1
fi
terraform -chdir="$PLAN_DIR" show -json tfplan >"$PLAN_DIR/plan.json"
python3 "$ROOT/scripts/check-terraform-plan.py" --expression | terraform -chdir="$PLAN_DIR" console -plan \
  -var 'jwt_issuer=https://issuer.example.com' -var 'jwt_audience=["dbadmin"]' \
  -var "lambda_artifact_path=$PLAN_DIR/artifact.jar" -var "backup_signing_key=$SIGNING_KEY" >"$PLAN_DIR/environment.txt" 2>"$PLAN_DIR/console.log" || {
  cat "$PLAN_DIR/console.log" >&2
  echo "FAIL  terraform console -plan" >&2
  exit 1
}
python3 "$ROOT/scripts/check-terraform-plan.py" "$PLAN_DIR/plan.json" "$PLAN_DIR/environment.txt"
