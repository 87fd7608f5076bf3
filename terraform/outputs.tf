output "api_url" {
  description = "Base URL of the HTTP API."
  value       = aws_apigatewayv2_api.this.api_endpoint
}

output "mcp_endpoint" {
  description = "MCP (Streamable HTTP, POST) endpoint; requires a bearer JWT."
  value       = "${aws_apigatewayv2_api.this.api_endpoint}/mcp"
}

output "health_url" {
  description = "Public health endpoint."
  value       = "${aws_apigatewayv2_api.this.api_endpoint}/health"
}

output "function_names" {
  description = "Lambda function names by key (query, insert, batch, schema, backup, http, scheduler, bootstrap)."
  value       = { for k, f in aws_lambda_function.this : k => f.function_name }
}

output "function_aliases" {
  description = "ARNs of the \"live\" alias (SnapStart version) of every function; invoke these."
  value       = { for k, a in aws_lambda_alias.live : k => a.arn }
}

output "backup_bucket" {
  description = "S3 bucket holding the backups."
  value       = aws_s3_bucket.backups.bucket
}

output "backup_s3_prefix" {
  description = "Key prefix of the backups in the bucket."
  value       = var.backup_s3_prefix
}

output "schedule_names" {
  description = "EventBridge Scheduler schedules (group \"default\"): backup-full and audit-retention."
  value       = { for k, s in aws_scheduler_schedule.this : k => s.name }
}

output "scheduled_failures_queue" {
  description = "SQS queue holding scheduled calls that could not be delivered or failed after their retries."
  value       = aws_sqs_queue.scheduled_failures.url
}

output "alarm_topic_arn" {
  description = "SNS topic every alarm notifies (the given one, or the one created here)."
  value       = local.alarm_topic_arn
}

output "db_role_secret_arns" {
  description = "Secrets Manager secret of each tool function's database role, by function."
  value       = { for k, s in aws_secretsmanager_secret.db_role : k => s.arn }
}

output "db_roles" {
  description = "Database login role of each tool function."
  value       = local.db_roles
}

output "proxy_endpoint" {
  description = "RDS Proxy endpoint (port 5432, TLS required)."
  value       = aws_db_proxy.this.endpoint
}

output "db_instance_endpoint" {
  description = "Direct RDS endpoint (reachable only from the proxy security group)."
  value       = aws_db_instance.this.address
}

output "db_secret_arn" {
  description = "ARN of the RDS-managed Secrets Manager secret with the master credentials (read by the bootstrap function and the proxy only)."
  value       = local.db_secret_arn
}

output "vpc_id" {
  description = "VPC ID."
  value       = aws_vpc.this.id
}

output "private_subnet_ids" {
  description = "Private subnet IDs."
  value       = aws_subnet.private[*].id
}
