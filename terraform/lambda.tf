# Lambda functions: one per tool group (direct invocation), one HTTP function behind API
# Gateway serving /mcp, /api/** and /health, one scheduled function that only EventBridge
# Scheduler invokes, and the bootstrap function that sets up the database roles. All run the
# same artifact, uploaded once to S3.

locals {
  # Handler of every tool-group function, keyed by function suffix. Single source of
  # truth: these are the exact class names in the Java artifact (checked by CI).
  group_functions = {
    query  = "com.dbadmin.function.QueryFunction::handleRequest"
    insert = "com.dbadmin.function.InsertFunction::handleRequest"
    batch  = "com.dbadmin.function.BatchFunction::handleRequest"
    schema = "com.dbadmin.function.SchemaFunction::handleRequest"
    backup = "com.dbadmin.function.BackupFunction::handleRequest"
  }

  # Handler of the API Gateway (HTTP API, payload 2.0) function.
  http_handler = "io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction::handleRequest"

  # Functions that serve tool calls: each logs in to the database as its own role.
  tool_functions = merge(local.group_functions, {
    http      = local.http_handler
    scheduler = "com.dbadmin.function.ScheduledFunction::handleRequest"
  })

  # The bootstrap function is the only one that logs in with the master secret.
  functions = merge(local.tool_functions, {
    bootstrap = "com.dbadmin.function.DatabaseBootstrapFunction::handleRequest"
  })

  # Functions that run backups, restores or imports (long calls, the backup bucket).
  backup_capable = ["backup", "http", "scheduler"]

  function_settings = {
    for key in keys(local.functions) : key => {
      memory_size = contains(["backup", "scheduler"], key) ? var.backup_memory_mb : var.lambda_memory_mb
      timeout     = contains(["backup", "scheduler"], key) ? var.backup_timeout_seconds : key == "bootstrap" ? 300 : var.lambda_timeout_seconds
    }
  }

  # Through the RDS Proxy, TLS verified against the host name (verify-full). The proxy presents an
  # ACM certificate chained to the Amazon Root CAs that the Java runtime's trust store holds, so the
  # JVM's trust store is the CA bundle here (the RDS CA bundle signs the instance's own certificate).
  database_url = "jdbc:postgresql://${aws_db_proxy.this.endpoint}:5432/${var.db_name}?sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory"

  # Each tool function's login role, e.g. dbadmin_prod_query (created by the bootstrap function).
  db_roles = { for key in keys(local.tool_functions) : key => "${replace(local.name, "-", "_")}_${key}" }

  common_environment = {
    MICRONAUT_ENVIRONMENTS = "lambda"
    DATABASE_URL           = local.database_url
    DB_ADMIN_POOL_SIZE     = tostring(var.lambda_db_pool_size)
    # Several databases: the first replaces DATABASE_URL, the others are reached by the tools' database argument.
    DB_ADMIN_DATABASES = var.databases

    DB_ADMIN_RESTRICTED_TABLES = var.restricted_tables
    DB_ADMIN_READ_ONLY_TABLES  = var.read_only_tables
    DB_ADMIN_AUDIT_LOG_ENABLED = tostring(var.audit_log_enabled)
    DB_ADMIN_MAX_BATCH_SIZE    = tostring(var.max_batch_size)

    BACKUP_S3_BUCKET      = aws_s3_bucket.backups.bucket
    BACKUP_S3_PREFIX      = var.backup_s3_prefix
    BACKUP_RETENTION_DAYS = tostring(var.backup_retention_days)
    # Restores run only backups signed with this key; a Lambda function has no disk to keep a generated one.
    DB_ADMIN_BACKUP_SIGNING_KEY = var.backup_signing_key
    # Backups are triggered by EventBridge Scheduler, never by an in-process scheduler.
    BACKUP_SCHEDULE_ENABLED = "false"

    # Dimension of the metrics the functions publish (BackupSucceeded, ...).
    DB_ADMIN_DEPLOYMENT = local.name
  }

  # Set after extra_environment: who a function logs in as, and how it talks to the proxy, are
  # not overridable by accident.
  function_environment = {
    for key in keys(local.functions) : key => merge(
      local.common_environment,
      var.extra_environment,
      {
        # Each tool function reads its own role's secret; only the bootstrap reads the master secret.
        DB_SECRET_ARN = key == "bootstrap" ? local.db_secret_arn : aws_secretsmanager_secret.db_role[key].arn
        # Only the bootstrap migrates the server's schema: the roles of the others cannot create tables.
        DB_ADMIN_MIGRATIONS_ENABLED = key == "bootstrap" ? "true" : "false"
        # RDS Proxy multiplexes transactions: no session state, no server-side prepared statements.
        DB_ADMIN_POOLER = "transaction"
      },
      key == "http" ? { DB_ADMIN_API_GATEWAY_AUTHORIZER = "true" } : {},
      # Backups need one server connection for their whole run: through the proxy that pins it.
      contains(local.backup_capable, key) ? { DB_ADMIN_DIRECT_DATABASE_URL = local.database_url } : {},
      key == "bootstrap" ? {
        DB_ADMIN_BOOTSTRAP_ROLES = jsonencode({
          for k, role in local.db_roles : k => { role = role, secret = aws_secretsmanager_secret.db_role[k].arn }
        })
      } : {},
    )
  }

  default_reserved_concurrency = {
    query     = 10
    insert    = 5
    batch     = 2
    schema    = 2
    backup    = 1
    http      = 20
    scheduler = 1
    bootstrap = 1
  }
  reserved_concurrency = merge(local.default_reserved_concurrency, var.lambda_reserved_concurrency)
}

# ---------------------------------------------------------------------------
# The artifact: one S3 object shared by every function
# ---------------------------------------------------------------------------

resource "aws_s3_bucket" "artifacts" {
  bucket_prefix = "${local.name}-artifacts-"
  force_destroy = true
}

resource "aws_s3_bucket_public_access_block" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    id     = "expire-old-artifacts"
    status = "Enabled"

    filter {
      prefix = "lambda/"
    }

    # Keys carry the jar's hash; an old one is only needed until the functions moved on.
    expiration {
      days = 30
    }
  }
}

resource "aws_s3_object" "lambda_artifact" {
  bucket      = aws_s3_bucket.artifacts.id
  key         = "lambda/database-admin-server-${filesha256(var.lambda_artifact_path)}.jar"
  source      = var.lambda_artifact_path
  source_hash = filemd5(var.lambda_artifact_path)
}

# ---------------------------------------------------------------------------
# IAM: one role per function
# ---------------------------------------------------------------------------

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "lambda" {
  for_each = local.functions

  name               = "${local.name}-${each.key}-lambda"
  description        = "Execution role of the ${each.key} function"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

data "aws_iam_policy_document" "lambda_base" {
  for_each = local.functions

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.lambda[each.key].arn}:*"]
  }

  # Same ENI permissions as the AWSLambdaVPCAccessExecutionRole managed policy; EC2
  # does not support resource-level scoping for the Describe calls.
  statement {
    sid = "VpcNetworkInterfaces"
    actions = [
      "ec2:CreateNetworkInterface",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeSubnets",
      "ec2:DeleteNetworkInterface",
      "ec2:AssignPrivateIpAddresses",
      "ec2:UnassignPrivateIpAddresses",
    ]
    resources = ["*"]
  }

  # Its own database secret only: a tool function's role secret, the master secret for the bootstrap.
  statement {
    sid       = "ReadOwnDbSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [local.function_environment[each.key].DB_SECRET_ARN]
  }
}

resource "aws_iam_role_policy" "lambda_base" {
  for_each = local.functions

  name   = "base"
  role   = aws_iam_role.lambda[each.key].id
  policy = data.aws_iam_policy_document.lambda_base[each.key].json
}

# Only the functions that run backups may touch the backup bucket, and only below its prefix.
data "aws_iam_policy_document" "backup_s3" {
  statement {
    sid       = "ListBackupPrefix"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.backups.arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = [var.backup_s3_prefix, "${var.backup_s3_prefix}*"]
    }
  }

  statement {
    sid = "ReadWriteBackupObjects"
    actions = [
      "s3:GetObject",
      "s3:PutObject",
      "s3:DeleteObject",
      "s3:AbortMultipartUpload",
      "s3:ListMultipartUploadParts",
    ]
    resources = ["${aws_s3_bucket.backups.arn}/${var.backup_s3_prefix}*"]
  }

  dynamic "statement" {
    for_each = var.backup_sse_algorithm == "aws:kms" ? [1] : []

    content {
      sid       = "UseBackupKeyThroughS3"
      actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
      resources = [aws_kms_key.backups[0].arn]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["s3.${local.region}.amazonaws.com"]
      }
    }
  }
}

resource "aws_iam_role_policy" "backup_s3" {
  for_each = toset(local.backup_capable)

  name   = "backup-bucket"
  role   = aws_iam_role.lambda[each.key].id
  policy = data.aws_iam_policy_document.backup_s3.json
}

# The bootstrap writes each role's generated password into that role's secret.
data "aws_iam_policy_document" "bootstrap_secrets" {
  statement {
    sid       = "WriteRoleSecrets"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"]
    resources = [for s in aws_secretsmanager_secret.db_role : s.arn]
  }
}

resource "aws_iam_role_policy" "bootstrap_secrets" {
  name   = "role-secrets"
  role   = aws_iam_role.lambda["bootstrap"].id
  policy = data.aws_iam_policy_document.bootstrap_secrets.json
}

# A failed scheduled invocation (after Lambda's retries) is recorded in the scheduled-calls queue.
data "aws_iam_policy_document" "scheduler_failures" {
  statement {
    sid       = "SendFailedInvocations"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.scheduled_failures.arn]
  }
}

resource "aws_iam_role_policy" "scheduler_failures" {
  name   = "failure-destination"
  role   = aws_iam_role.lambda["scheduler"].id
  policy = data.aws_iam_policy_document.scheduler_failures.json
}

# ---------------------------------------------------------------------------
# Functions, SnapStart versions and the "live" alias
# ---------------------------------------------------------------------------

resource "aws_lambda_function" "this" {
  for_each = local.functions

  function_name = "${local.name}-${each.key}"
  description   = each.key == "http" ? "database-admin-server: API Gateway (/mcp, /api, /health)" : "database-admin-server: ${each.key}"
  role          = aws_iam_role.lambda[each.key].arn

  runtime          = var.lambda_runtime
  handler          = each.value
  s3_bucket        = aws_s3_object.lambda_artifact.bucket
  s3_key           = aws_s3_object.lambda_artifact.key
  source_code_hash = filebase64sha256(var.lambda_artifact_path)
  architectures    = ["x86_64"]

  memory_size                    = local.function_settings[each.key].memory_size
  timeout                        = local.function_settings[each.key].timeout
  reserved_concurrent_executions = local.reserved_concurrency[each.key]

  # SnapStart snapshots the initialised JVM of every published version. Not the bootstrap:
  # its start-up migrates the schema, which belongs to an invocation, not to a snapshot.
  publish = true
  dynamic "snap_start" {
    for_each = each.key == "bootstrap" ? [] : [1]

    content {
      apply_on = "PublishedVersions"
    }
  }

  vpc_config {
    subnet_ids         = aws_subnet.private[*].id
    security_group_ids = [aws_security_group.lambda.id]
  }

  environment {
    variables = local.function_environment[each.key]
  }

  depends_on = [
    aws_cloudwatch_log_group.lambda,
    aws_iam_role_policy.lambda_base,
  ]
}

resource "aws_lambda_alias" "live" {
  for_each = local.functions

  name             = "live"
  description      = "Current published (SnapStart) version"
  function_name    = aws_lambda_function.this[each.key].function_name
  function_version = aws_lambda_function.this[each.key].version
}

# Scheduled calls are invoked asynchronously: bound Lambda's own retries so a failing 15-minute
# backup is not run three times, and keep what still failed in the scheduled-calls queue.
resource "aws_lambda_function_event_invoke_config" "scheduler" {
  function_name                = aws_lambda_function.this["scheduler"].function_name
  qualifier                    = aws_lambda_alias.live["scheduler"].name
  maximum_retry_attempts       = var.backup_async_retry_attempts
  maximum_event_age_in_seconds = 3600

  destination_config {
    on_failure {
      destination = aws_sqs_queue.scheduled_failures.arn
    }
  }

  depends_on = [aws_iam_role_policy.scheduler_failures]
}

# Published versions are never deleted by Lambda: keep the live one and the newest few.
resource "terraform_data" "prune_versions" {
  for_each = var.lambda_versions_to_keep > 0 ? local.functions : {}

  triggers_replace = [aws_lambda_function.this[each.key].version]

  provisioner "local-exec" {
    command = "${path.module}/../scripts/prune-lambda-versions.sh"
    environment = {
      FUNCTION_NAME = aws_lambda_function.this[each.key].function_name
      KEEP          = tostring(var.lambda_versions_to_keep)
      AWS_REGION    = local.region
    }
  }

  depends_on = [aws_lambda_alias.live]
}

# Earlier versions of this configuration gave the bucket policy to the backup function only.
moved {
  from = aws_iam_role_policy.backup_s3
  to   = aws_iam_role_policy.backup_s3["backup"]
}
