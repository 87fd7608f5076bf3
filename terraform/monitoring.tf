# Log groups and CloudWatch alarms.

resource "aws_cloudwatch_log_group" "lambda" {
  for_each = local.functions

  name              = "/aws/lambda/${local.name}-${each.key}"
  retention_in_days = var.log_retention_days
}

# Alarms always notify someone: the given SNS topic, or one created here (subscribe to it, e.g.
# with alarm_email).
resource "aws_sns_topic" "alarms" {
  count = var.alarm_sns_topic_arn == "" ? 1 : 0

  name              = "${local.name}-alarms"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count = var.alarm_sns_topic_arn == "" && var.alarm_email != "" ? 1 : 0

  topic_arn = aws_sns_topic.alarms[0].arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

locals {
  # Namespace of the metrics the functions publish (com.dbadmin.function.BackupSuccessMetric).
  metrics_namespace = "DatabaseAdminServer"

  alarm_topic_arn = var.alarm_sns_topic_arn != "" ? var.alarm_sns_topic_arn : aws_sns_topic.alarms[0].arn
  alarm_actions   = [local.alarm_topic_arn]

  # The scheduled function has its own failure alarm below.
  error_alarm_functions = { for k, v in local.functions : k => v if k != "scheduler" }
}

resource "aws_cloudwatch_metric_alarm" "lambda_errors" {
  for_each = local.error_alarm_functions

  alarm_name          = "${local.name}-${each.key}-errors"
  alarm_description   = "The ${each.key} function returned errors (unhandled exceptions or timeouts)."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.this[each.key].function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "lambda_throttles" {
  for_each = local.functions

  alarm_name          = "${local.name}-${each.key}-throttles"
  alarm_description   = "Invocations of the ${each.key} function were throttled (concurrency limit reached)."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = aws_lambda_function.this[each.key].function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "lambda_duration_p99" {
  for_each = local.functions

  alarm_name          = "${local.name}-${each.key}-duration-p99"
  alarm_description   = "p99 duration of the ${each.key} function is above 90% of its timeout."
  namespace           = "AWS/Lambda"
  metric_name         = "Duration"
  dimensions          = { FunctionName = aws_lambda_function.this[each.key].function_name }
  extended_statistic  = "p99"
  period              = 300
  evaluation_periods  = 3
  datapoints_to_alarm = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = local.function_settings[each.key].timeout * 1000 * 0.9
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "scheduled_failed" {
  alarm_name          = "${local.name}-scheduled-failed"
  alarm_description   = "A scheduled backup or maintenance call failed (function error or timeout). Check the scheduled function's logs; the event is in the ${aws_sqs_queue.scheduled_failures.name} queue once the retries are spent."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.this["scheduler"].function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "scheduled_dead_letters" {
  alarm_name          = "${local.name}-scheduled-dead-letters"
  alarm_description   = "Scheduled calls that could not be delivered or kept failing are waiting in ${aws_sqs_queue.scheduled_failures.name}. Read them, fix the cause, then purge the queue."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.scheduled_failures.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# "No successful backup in N hours": the functions publish BackupSucceeded (CloudWatch embedded
# metric format) for every full or incremental backup that succeeded, whoever ran it. The alarm
# fires when every one of the last N hours had none; hours without data count as breaching, so a
# schedule that never fires alarms as well as one whose backups fail.
resource "aws_cloudwatch_metric_alarm" "backup_missing" {
  alarm_name          = "${local.name}-backup-missing"
  alarm_description   = "No successful backup in the last ${var.backup_max_age_hours} hours (metric ${local.metrics_namespace}/BackupSucceeded)."
  namespace           = local.metrics_namespace
  metric_name         = "BackupSucceeded"
  dimensions          = { Deployment = local.name }
  statistic           = "Sum"
  period              = 3600
  evaluation_periods  = var.backup_max_age_hours
  datapoints_to_alarm = var.backup_max_age_hours
  comparison_operator = "LessThanThreshold"
  threshold           = 1
  treat_missing_data  = "breaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "api_5xx" {
  alarm_name          = "${local.name}-api-5xx"
  alarm_description   = "The HTTP API returned 5xx responses."
  namespace           = "AWS/ApiGateway"
  metric_name         = "5xx"
  dimensions          = { ApiId = aws_apigatewayv2_api.this.id, Stage = "$default" }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# ---------------------------------------------------------------------------
# Database and RDS Proxy
# ---------------------------------------------------------------------------

resource "aws_cloudwatch_metric_alarm" "db_free_storage" {
  alarm_name          = "${local.name}-db-free-storage"
  alarm_description   = "Less than ${var.db_free_storage_alarm_gb} GiB of free storage on the database (autoscaling stops at db_max_allocated_storage_gb)."
  namespace           = "AWS/RDS"
  metric_name         = "FreeStorageSpace"
  dimensions          = { DBInstanceIdentifier = aws_db_instance.this.identifier }
  statistic           = "Minimum"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "LessThanThreshold"
  threshold           = var.db_free_storage_alarm_gb * 1024 * 1024 * 1024
  treat_missing_data  = "breaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "db_cpu" {
  alarm_name          = "${local.name}-db-cpu"
  alarm_description   = "Database CPU above ${var.db_cpu_alarm_percent}% for 15 minutes."
  namespace           = "AWS/RDS"
  metric_name         = "CPUUtilization"
  dimensions          = { DBInstanceIdentifier = aws_db_instance.this.identifier }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.db_cpu_alarm_percent
  treat_missing_data  = "breaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "db_connections" {
  alarm_name          = "${local.name}-db-connections"
  alarm_description   = "More than ${var.db_connections_alarm_threshold} server connections on the database for 10 minutes (max_connections of the instance class is the hard limit)."
  namespace           = "AWS/RDS"
  metric_name         = "DatabaseConnections"
  dimensions          = { DBInstanceIdentifier = aws_db_instance.this.identifier }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.db_connections_alarm_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# Pinned connections stop multiplexing: each pinned client holds a server connection until it
# disconnects. Backups pin on purpose (one at a time); more than that for 15 minutes means a
# session-level SET or a server-side prepared statement got in (DB_ADMIN_POOLER=transaction).
resource "aws_cloudwatch_metric_alarm" "proxy_pinned" {
  alarm_name          = "${local.name}-proxy-session-pinning"
  alarm_description   = "More than ${var.proxy_pinned_alarm_threshold} RDS Proxy connections pinned for 15 minutes: something sets session state (see docs/deploy-aws.md, RDS Proxy)."
  namespace           = "AWS/RDS"
  metric_name         = "DatabaseConnectionsCurrentlySessionPinned"
  dimensions          = { ProxyName = aws_db_proxy.this.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.proxy_pinned_alarm_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "proxy_client_connections" {
  alarm_name          = "${local.name}-proxy-client-connections"
  alarm_description   = "More than ${var.proxy_client_connections_alarm_threshold} client connections to the RDS Proxy for 10 minutes (Lambda concurrency times DB_ADMIN_POOL_SIZE)."
  namespace           = "AWS/RDS"
  metric_name         = "ClientConnections"
  dimensions          = { ProxyName = aws_db_proxy.this.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.proxy_client_connections_alarm_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}
