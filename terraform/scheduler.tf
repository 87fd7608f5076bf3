# EventBridge Scheduler runs the full backup and the audit retention on the scheduled
# function's "live" alias. Only the schedules' role may invoke that function, and the function
# itself decides its caller ("scheduler"); the payload only says what to run.
#
# A scheduled call cannot fail silently: Scheduler puts an event it could not deliver in the
# scheduled-calls queue (dead-letter queue), Lambda puts an invocation that failed after its
# retries there too (on-failure destination), an alarm watches the queue, and another alarms
# when no backup succeeded for backup_max_age_hours (monitoring.tf).

resource "aws_sqs_queue" "scheduled_failures" {
  name                      = "${local.name}-scheduled-failures"
  message_retention_seconds = 1209600 # 14 days, the maximum: time to look at what failed
  sqs_managed_sse_enabled   = true
}

data "aws_iam_policy_document" "scheduled_failures" {
  statement {
    sid       = "SchedulerDeadLetters"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.scheduled_failures.arn]

    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_sqs_queue_policy" "scheduled_failures" {
  queue_url = aws_sqs_queue.scheduled_failures.id
  policy    = data.aws_iam_policy_document.scheduled_failures.json
}

data "aws_iam_policy_document" "scheduler_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "scheduler" {
  name               = "${local.name}-scheduler"
  description        = "Lets EventBridge Scheduler invoke the scheduled function"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json
}

data "aws_iam_policy_document" "scheduler_invoke" {
  statement {
    sid       = "InvokeScheduledAlias"
    actions   = ["lambda:InvokeFunction"]
    resources = [aws_lambda_alias.live["scheduler"].arn]
  }

  statement {
    sid       = "DeadLetters"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.scheduled_failures.arn]
  }
}

resource "aws_iam_role_policy" "scheduler_invoke" {
  name   = "invoke-scheduled"
  role   = aws_iam_role.scheduler.id
  policy = data.aws_iam_policy_document.scheduler_invoke.json
}

locals {
  # Scheduler's context attributes: they label the audit row (user agent) and grant nothing.
  scheduler_context = {
    schedule_arn   = "<aws.scheduler.schedule-arn>"
    scheduled_time = "<aws.scheduler.scheduled-time>"
    execution_id   = "<aws.scheduler.execution-id>"
    attempt        = "<aws.scheduler.attempt-number>"
  }

  schedules = {
    backup-full = {
      description = "Full logical backup of the database to S3"
      expression  = var.backup_schedule
      enabled     = var.backup_schedule_enabled
      input       = { tool = "db_backup_full", arguments = { compress = true }, scheduler = local.scheduler_context }
    }
    audit-retention = {
      description = "Purge audit rows older than DB_ADMIN_AUDIT_RETENTION_DAYS"
      expression  = var.audit_retention_schedule
      enabled     = true
      input       = { task = "audit-retention", scheduler = local.scheduler_context }
    }
  }
}

resource "aws_scheduler_schedule" "this" {
  for_each = local.schedules

  name        = "${local.name}-${each.key}"
  group_name  = "default"
  description = each.value.description
  state       = each.value.enabled ? "ENABLED" : "DISABLED"

  schedule_expression          = each.value.expression
  schedule_expression_timezone = var.backup_schedule_timezone

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_alias.live["scheduler"].arn
    role_arn = aws_iam_role.scheduler.arn
    input    = jsonencode(each.value.input)

    retry_policy {
      maximum_retry_attempts       = 3
      maximum_event_age_in_seconds = 3600
    }

    dead_letter_config {
      arn = aws_sqs_queue.scheduled_failures.arn
    }
  }

  depends_on = [aws_iam_role_policy.scheduler_invoke]
}

# Earlier versions of this configuration had a single backup schedule.
moved {
  from = aws_scheduler_schedule.backup
  to   = aws_scheduler_schedule.this["backup-full"]
}
