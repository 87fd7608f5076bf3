# EventBridge Scheduler runs the full backup on the backup function's "live" alias.

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
  name               = "${local.name}-backup-scheduler"
  description        = "Lets EventBridge Scheduler invoke the backup function"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json
}

data "aws_iam_policy_document" "scheduler_invoke" {
  statement {
    sid       = "InvokeBackupAlias"
    actions   = ["lambda:InvokeFunction"]
    resources = [aws_lambda_alias.live["backup"].arn]
  }
}

resource "aws_iam_role_policy" "scheduler_invoke" {
  name   = "invoke-backup"
  role   = aws_iam_role.scheduler.id
  policy = data.aws_iam_policy_document.scheduler_invoke.json
}

resource "aws_scheduler_schedule" "backup" {
  name        = "${local.name}-backup-full"
  group_name  = "default"
  description = "Full logical backup of the database to S3"
  state       = var.backup_schedule_enabled ? "ENABLED" : "DISABLED"

  schedule_expression          = var.backup_schedule
  schedule_expression_timezone = var.backup_schedule_timezone

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_alias.live["backup"].arn
    role_arn = aws_iam_role.scheduler.arn
    # The backup function reads tool/arguments; "scheduler" (filled in by Scheduler's context
    # attributes) marks the call as scheduled: it runs as principal "scheduler" and a failed
    # backup is a function error, so Lambda retries it and the backup alarms fire.
    input = jsonencode({
      tool      = "db_backup_full"
      arguments = { compress = true }
      scheduler = {
        schedule_arn   = "<aws.scheduler.schedule-arn>"
        scheduled_time = "<aws.scheduler.scheduled-time>"
        execution_id   = "<aws.scheduler.execution-id>"
        attempt        = "<aws.scheduler.attempt-number>"
      }
    })

    retry_policy {
      maximum_retry_attempts       = 3
      maximum_event_age_in_seconds = 3600
    }
  }

  depends_on = [aws_iam_role_policy.scheduler_invoke]
}
