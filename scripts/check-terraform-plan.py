#!/usr/bin/env python3
"""Checks a plan of terraform/ for the deployment's promises (called by check-terraform.sh, which
plans with the master secret's ARN replaced by a known sentinel). Arguments: the plan as
`terraform show -json` prints it, and what `terraform console -plan` prints for the functions'
environment (ENVIRONMENT_EXPRESSION below): planned environment maps are unknown as a whole once
one value is, but the console keeps the known values apart.

  * no tool function logs in with the master secret (only the bootstrap function does);
  * every function with a database URL (all of them go through the RDS Proxy) has
    DB_ADMIN_POOLER=transaction, and only the bootstrap runs migrations;
  * every API route requires a JWT with at least one tool scope, except GET /health and the operator
    console's static pages (/, /console/{file}, /docs, /docs/{file}, /openapi.json), which hold no data;
  * every EventBridge schedule has a dead-letter queue, and the scheduled function an
    on-failure destination.

Exit status 1 with one line per problem; 0 and a summary otherwise.
"""
import json
import re
import sys

PUBLIC_ROUTES = {"GET /health", "GET /", "GET /console/{file}", "GET /docs", "GET /docs/{file}", "GET /openapi.json"}
# Printed by check-terraform.sh for `terraform console -plan`; the Java TerraformChecker makes sure
# every aws_lambda_function takes its environment from local.function_environment.
ENVIRONMENT_EXPRESSION = ('{ for k, v in local.function_environment : k => { pooler = v.DB_ADMIN_POOLER, '
                          'migrations = v.DB_ADMIN_MIGRATIONS_ENABLED, master = v.DB_SECRET_ARN == local.db_secret_arn, '
                          'database = contains(keys(v), "DATABASE_URL"), secret = contains(keys(v), "DB_SECRET_ARN") } }')

if len(sys.argv) == 2 and sys.argv[1] == "--expression":
    print(ENVIRONMENT_EXPRESSION)
    sys.exit(0)

with open(sys.argv[1]) as f:
    plan = json.load(f)
with open(sys.argv[2]) as f:
    console = f.read()


def console_to_json(text):
    """The console's HCL rendering of a map of objects as JSON (unknown values become null)."""
    text = text.replace("(known after apply)", "null")
    text = re.sub(r'^(\s*)"?([\w-]+)"?\s*=\s*', r'\1"\2": ', text, flags=re.M)
    text = re.sub(r',(\s*[}\]])', r'\1', text)
    text = re.sub(r'([}\]"\w])(\s*\n\s*")', r'\1,\2', text)
    return json.loads(text)


environment = console_to_json(console[console.index("{"):console.rindex("}") + 1])

changes = [c for c in plan.get("resource_changes", []) if "create" in c["change"]["actions"]]
problems = []


def after(change):
    return change["change"]["after"] or {}


functions = [c for c in changes if c["type"] == "aws_lambda_function"]
if not functions:
    problems.append("the plan creates no Lambda function")
for change in functions:
    key = change.get("index")
    env = environment.get(key)
    if env is None:
        problems.append(f"function {key} does not take its environment from local.function_environment")
        continue
    if key == "bootstrap":
        if env["master"] is not True:
            problems.append("the bootstrap function does not log in with the master secret (the check would be blind)")
        if env["migrations"] != "true":
            problems.append("the bootstrap function does not run the migrations")
    else:
        # Unknown (null) is a secret created in this plan; only the master secret's ARN is known.
        if env["master"] is True:
            problems.append(f"function {key} logs in with the master secret")
        if not env["secret"]:
            problems.append(f"function {key} has no database secret of its own (DB_SECRET_ARN)")
        if env["migrations"] != "false":
            problems.append(f"function {key} runs migrations (only the bootstrap may)")
    if env["database"] and env["pooler"] != "transaction":
        problems.append(f"function {key} reaches the database through the RDS Proxy without DB_ADMIN_POOLER=transaction")

routes = [c for c in changes if c["type"] == "aws_apigatewayv2_route"]
if not routes:
    problems.append("the plan creates no API route")
for change in routes:
    route = after(change)
    key = route.get("route_key")
    if key in PUBLIC_ROUTES:
        continue
    if route.get("authorization_type") != "JWT":
        problems.append(f"route {key} has no identity requirement (authorization_type {route.get('authorization_type')})")
    if not route.get("authorization_scopes"):
        problems.append(f"route {key} requires no scope")

schedules = [c for c in changes if c["type"] == "aws_scheduler_schedule"]
if not schedules:
    problems.append("the plan creates no schedule")
for change in schedules:
    target = (after(change).get("target") or [{}])[0]
    if not target.get("dead_letter_config"):
        problems.append(f"schedule {change['address']} has no dead-letter queue")

invoke_configs = [c for c in changes if c["type"] == "aws_lambda_function_event_invoke_config"]
if not any((after(c).get("destination_config") or [{}])[0].get("on_failure") for c in invoke_configs):
    problems.append("the scheduled function has no on-failure destination for its asynchronous invocations")

for problem in problems:
    print("FAIL  " + problem)
if problems:
    sys.exit(1)
print(f"PASS  plan: {len(changes)} resources; {len(functions)} functions (master secret: bootstrap only,"
      f" DB_ADMIN_POOLER=transaction), {len(routes)} routes, {len(schedules)} schedules with dead-letter queues")
