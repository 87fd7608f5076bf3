# Lambda functions: one per tool group (direct invocation), plus one HTTP function
# behind API Gateway serving /mcp, /api/** and /health. All run the same artifact.

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

  functions = merge(local.group_functions, { http = local.http_handler })

  function_settings = {
    for key in keys(local.functions) : key => {
      memory_size = key == "backup" ? var.backup_memory_mb : var.lambda_memory_mb
      timeout     = key == "backup" ? var.backup_timeout_seconds : var.lambda_timeout_seconds
    }
  }

  lambda_environment = merge(
    {
      MICRONAUT_ENVIRONMENTS = "lambda"

      # Connections go through the RDS Proxy (TLS is required by the proxy); the
      # application reads username/password from the RDS-managed secret.
      DATABASE_URL       = "jdbc:postgresql://${aws_db_proxy.this.endpoint}:5432/${var.db_name}"
      DB_SECRET_ARN      = local.db_secret_arn
      DB_ADMIN_POOL_SIZE = tostring(var.lambda_db_pool_size)

      DB_ADMIN_RESTRICTED_TABLES = var.restricted_tables
      DB_ADMIN_AUDIT_LOG_ENABLED = tostring(var.audit_log_enabled)
      DB_ADMIN_MAX_BATCH_SIZE    = tostring(var.max_batch_size)

      BACKUP_S3_BUCKET      = aws_s3_bucket.backups.bucket
      BACKUP_S3_PREFIX      = var.backup_s3_prefix
      BACKUP_RETENTION_DAYS = tostring(var.backup_retention_days)
      # Restores run only backups signed with this key; a Lambda function has no disk to keep a generated one.
      DB_ADMIN_BACKUP_SIGNING_KEY = var.backup_signing_key
      # Backups are triggered by EventBridge Scheduler, never by an in-process scheduler.
      BACKUP_SCHEDULE_ENABLED = "false"
    },
    var.extra_environment,
  )
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

  statement {
    sid       = "ReadDbSecret"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [local.db_secret_arn]
  }
}

resource "aws_iam_role_policy" "lambda_base" {
  for_each = local.functions

  name   = "base"
  role   = aws_iam_role.lambda[each.key].id
  policy = data.aws_iam_policy_document.lambda_base[each.key].json
}

# Only the backup function may touch the backup bucket, and only below its prefix.
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
  name   = "backup-bucket"
  role   = aws_iam_role.lambda["backup"].id
  policy = data.aws_iam_policy_document.backup_s3.json
}

# ---------------------------------------------------------------------------
# Functions, SnapStart versions and the "live" alias
# ---------------------------------------------------------------------------

resource "aws_lambda_function" "this" {
  for_each = local.functions

  function_name = "${local.name}-${each.key}"
  description   = each.key == "http" ? "database-admin-server: API Gateway (/mcp, /api, /health)" : "database-admin-server: ${each.key} tools"
  role          = aws_iam_role.lambda[each.key].arn

  runtime          = var.lambda_runtime
  handler          = each.value
  filename         = var.lambda_artifact_path
  source_code_hash = filebase64sha256(var.lambda_artifact_path)
  architectures    = ["x86_64"]

  memory_size                    = local.function_settings[each.key].memory_size
  timeout                        = local.function_settings[each.key].timeout
  reserved_concurrent_executions = lookup(var.lambda_reserved_concurrency, each.key, -1)

  # SnapStart snapshots the initialised JVM of every published version.
  publish = true
  snap_start {
    apply_on = "PublishedVersions"
  }

  vpc_config {
    subnet_ids         = aws_subnet.private[*].id
    security_group_ids = [aws_security_group.lambda.id]
  }

  environment {
    variables = local.lambda_environment
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

# Scheduled backups are invoked asynchronously: bound Lambda's own retries so a
# failing 15-minute backup is not run three times.
resource "aws_lambda_function_event_invoke_config" "backup" {
  function_name                = aws_lambda_function.this["backup"].function_name
  qualifier                    = aws_lambda_alias.live["backup"].name
  maximum_retry_attempts       = var.backup_async_retry_attempts
  maximum_event_age_in_seconds = 3600
}
