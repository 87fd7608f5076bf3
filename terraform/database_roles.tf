# Least privilege in the database: one login role per tool function, each with its own
# Secrets Manager secret. The secrets are created empty here, so no password passes through
# the Terraform state; the bootstrap function (the only user of the master secret) creates the
# roles, generates their passwords into these secrets, runs the server's migrations and grants
# each role what its tool group needs (docs/deploy-aws.md, "Database roles").

resource "aws_secretsmanager_secret" "db_role" {
  for_each = local.tool_functions

  name_prefix             = "${local.name}-db-${each.key}-"
  description             = "Login of the ${each.key} function's database role ${local.db_roles[each.key]} ({username, password}; written by the bootstrap function)"
  recovery_window_in_days = 7
}

# Runs the bootstrap after every apply that changes the artifact, the roles or the table policy
# (grants follow the restricted and read-only tables). Invoke it by hand after your own schema
# migrations so new tables get their grants: aws lambda invoke --function-name <name>-bootstrap:live
resource "aws_lambda_invocation" "bootstrap" {
  function_name = aws_lambda_function.this["bootstrap"].function_name
  qualifier     = aws_lambda_alias.live["bootstrap"].name
  input         = jsonencode({})

  triggers = {
    version          = aws_lambda_function.this["bootstrap"].version
    roles            = sha256(local.function_environment["bootstrap"].DB_ADMIN_BOOTSTRAP_ROLES)
    restricted       = var.restricted_tables
    read_only_tables = var.read_only_tables
  }

  depends_on = [
    aws_db_proxy_target.this,
    aws_iam_role_policy.bootstrap_secrets,
    aws_iam_role_policy.lambda_base,
  ]
}
