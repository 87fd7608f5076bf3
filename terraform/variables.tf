# ---------------------------------------------------------------------------
# General
# ---------------------------------------------------------------------------

variable "aws_region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "Short name used as the prefix of every resource (lowercase letters, digits, hyphens)."
  type        = string
  default     = "dbadmin"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.name))
    error_message = "name must be 2-16 characters: lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "environment" {
  description = "Environment name appended to the resource prefix (e.g. dev, staging, prod)."
  type        = string
  default     = "prod"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,7}$", var.environment))
    error_message = "environment must be 2-8 lowercase letters or digits, starting with a letter."
  }
}

variable "tags" {
  description = "Extra tags applied to every resource (merged into the provider default_tags)."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------

variable "vpc_cidr" {
  description = "CIDR block of the VPC. Two private /24 subnets (one per AZ) are carved out of it."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && try(tonumber(split("/", var.vpc_cidr)[1]) <= 23, false)
    error_message = "vpc_cidr must be a valid IPv4 CIDR block with a prefix length of /23 or shorter."
  }
}

variable "enable_logs_vpc_endpoint" {
  description = "Also create a CloudWatch Logs interface endpoint. Lambda log delivery does not need it; enable it only if code in the VPC calls the CloudWatch Logs API directly."
  type        = bool
  default     = false
}

# ---------------------------------------------------------------------------
# Database (RDS PostgreSQL 16 + RDS Proxy)
# ---------------------------------------------------------------------------

variable "db_engine_version" {
  description = "RDS PostgreSQL engine version (major \"16\" or a specific 16.x minor)."
  type        = string
  default     = "16"

  validation {
    condition     = can(regex("^16(\\.[0-9]+)?$", var.db_engine_version))
    error_message = "db_engine_version must be PostgreSQL 16 (\"16\" or \"16.x\")."
  }
}

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t4g.micro"
}

variable "db_allocated_storage_gb" {
  description = "Initial allocated storage in GiB (gp3)."
  type        = number
  default     = 20

  validation {
    condition     = var.db_allocated_storage_gb >= 20 && var.db_allocated_storage_gb <= 65536
    error_message = "db_allocated_storage_gb must be between 20 and 65536."
  }
}

variable "db_max_allocated_storage_gb" {
  description = "Upper limit for storage autoscaling in GiB (0 disables autoscaling)."
  type        = number
  default     = 100

  validation {
    condition     = var.db_max_allocated_storage_gb == 0 || var.db_max_allocated_storage_gb >= 20
    error_message = "db_max_allocated_storage_gb must be 0 (disabled) or at least 20."
  }
}

variable "db_name" {
  description = "Name of the database created in the instance."
  type        = string
  default     = "dbadmin"

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9_]{0,62}$", var.db_name))
    error_message = "db_name must start with a letter and contain only letters, digits and underscores (max 63)."
  }
}

variable "db_master_username" {
  description = "Master user name. Its password is generated and rotated by RDS in Secrets Manager."
  type        = string
  default     = "dbadmin_master"

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9_]{0,62}$", var.db_master_username)) && !contains(["postgres", "rdsadmin", "admin"], lower(var.db_master_username))
    error_message = "db_master_username must start with a letter, contain only letters, digits and underscores, and not be a reserved name."
  }
}

variable "db_multi_az" {
  description = "Run the RDS instance Multi-AZ (standby in the second AZ)."
  type        = bool
  default     = false
}

variable "db_backup_retention_days" {
  description = "RDS automated backup retention in days (enables point-in-time recovery). Minimum 7."
  type        = number
  default     = 7

  validation {
    condition     = var.db_backup_retention_days >= 7 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be between 7 and 35."
  }
}

variable "db_deletion_protection" {
  description = "Enable deletion protection on the RDS instance. Set to false only to destroy the stack."
  type        = bool
  default     = true
}

variable "db_skip_final_snapshot" {
  description = "Skip the final snapshot when the instance is destroyed."
  type        = bool
  default     = false
}

variable "db_performance_insights" {
  description = "Enable Performance Insights on the instance (on in the production example)."
  type        = bool
  default     = false
}

variable "db_performance_insights_retention_days" {
  description = "Performance Insights retention in days: 7 (free tier) or a multiple of 31 up to 731."
  type        = number
  default     = 7

  validation {
    condition     = var.db_performance_insights_retention_days == 7 || (var.db_performance_insights_retention_days % 31 == 0 && var.db_performance_insights_retention_days <= 731)
    error_message = "db_performance_insights_retention_days must be 7 or a multiple of 31 up to 731."
  }
}

variable "db_enhanced_monitoring_seconds" {
  description = "Enhanced Monitoring interval in seconds (0 disables; 1, 5, 10, 15, 30 or 60)."
  type        = number
  default     = 0

  validation {
    condition     = contains([0, 1, 5, 10, 15, 30, 60], var.db_enhanced_monitoring_seconds)
    error_message = "db_enhanced_monitoring_seconds must be one of 0, 1, 5, 10, 15, 30, 60."
  }
}

variable "db_proxy_idle_client_timeout" {
  description = "Seconds before the RDS Proxy closes an idle client connection. Frozen Lambda sandboxes hold theirs, so keep it short."
  type        = number
  default     = 300

  validation {
    condition     = var.db_proxy_idle_client_timeout >= 60 && var.db_proxy_idle_client_timeout <= 28800
    error_message = "db_proxy_idle_client_timeout must be between 60 and 28800."
  }
}

variable "db_proxy_max_connections_percent" {
  description = "Maximum share of the database max_connections the RDS Proxy may use."
  type        = number
  default     = 90

  validation {
    condition     = var.db_proxy_max_connections_percent >= 1 && var.db_proxy_max_connections_percent <= 100
    error_message = "db_proxy_max_connections_percent must be between 1 and 100."
  }
}

# ---------------------------------------------------------------------------
# Lambda
# ---------------------------------------------------------------------------

variable "lambda_artifact_path" {
  description = "Path (relative to this directory) of the Lambda JAR built by `./mvnw -P lambda package`."
  type        = string
  default     = "../target/database-admin-server-lambda.jar"
}

variable "lambda_runtime" {
  description = "Lambda Java runtime (Amazon Linux 2023). java17 runs on Amazon Linux 2, whose support ends 2026-06-30."
  type        = string
  default     = "java21"

  validation {
    condition     = contains(["java21"], var.lambda_runtime)
    error_message = "lambda_runtime must be java21 (the artifact targets Java 17 bytecode, which java21 runs)."
  }
}

variable "lambda_memory_mb" {
  description = "Memory (MB) of the tool-group functions and the HTTP function."
  type        = number
  default     = 2048

  validation {
    condition     = var.lambda_memory_mb >= 512 && var.lambda_memory_mb <= 10240
    error_message = "lambda_memory_mb must be between 512 and 10240."
  }
}

variable "lambda_timeout_seconds" {
  description = "Timeout (s) of the tool-group functions and the HTTP function. API Gateway stops waiting after 30 s regardless."
  type        = number
  default     = 30

  validation {
    condition     = var.lambda_timeout_seconds >= 1 && var.lambda_timeout_seconds <= 900
    error_message = "lambda_timeout_seconds must be between 1 and 900."
  }
}

variable "backup_memory_mb" {
  description = "Memory (MB) of the backup function."
  type        = number
  default     = 2048

  validation {
    condition     = var.backup_memory_mb >= 512 && var.backup_memory_mb <= 10240
    error_message = "backup_memory_mb must be between 512 and 10240."
  }
}

variable "backup_timeout_seconds" {
  description = "Timeout (s) of the backup function. 900 s (15 min) is the Lambda maximum and bounds the size of a backup."
  type        = number
  default     = 900

  validation {
    condition     = var.backup_timeout_seconds >= 60 && var.backup_timeout_seconds <= 900
    error_message = "backup_timeout_seconds must be between 60 and 900."
  }
}

variable "lambda_reserved_concurrency" {
  description = "Reserved concurrency per function key, merged over the defaults (query 10, insert 5, batch 2, schema 2, backup 1, http 20, scheduler 1, bootstrap 1). Bounds the client connections to the RDS Proxy; -1 makes a function unreserved."
  type        = map(number)
  default     = {}

  validation {
    condition     = alltrue([for k, v in var.lambda_reserved_concurrency : contains(["query", "insert", "batch", "schema", "backup", "http", "scheduler", "bootstrap"], k) && v >= -1])
    error_message = "Keys must be one of query, insert, batch, schema, backup, http, scheduler, bootstrap and values >= -1."
  }
}

variable "lambda_versions_to_keep" {
  description = "Published versions kept per function besides the live one; older ones are deleted after each deploy (needs the AWS CLI where terraform runs). 0 keeps every version."
  type        = number
  default     = 3

  validation {
    condition     = var.lambda_versions_to_keep >= 0
    error_message = "lambda_versions_to_keep must be >= 0."
  }
}

variable "lambda_db_pool_size" {
  description = "JDBC pool size inside one Lambda execution environment (DB_ADMIN_POOL_SIZE). One environment serves one request at a time: 1, and RDS Proxy does the real pooling."
  type        = number
  default     = 1

  validation {
    condition     = var.lambda_db_pool_size >= 1 && var.lambda_db_pool_size <= 10
    error_message = "lambda_db_pool_size must be between 1 and 10."
  }
}

variable "databases" {
  description = "Several databases (DB_ADMIN_DATABASES): name=jdbc-url pairs separated by commas, the first being the default and replacing the RDS database for every function; empty: the RDS database alone. See docs/operations.md, \"Several databases\"."
  type        = string
  default     = ""

  validation {
    condition     = var.databases == "" || can(regex("^[a-z][a-z0-9_]{0,62}=", trimspace(var.databases)))
    error_message = "databases must be empty or name=jdbc-url pairs separated by commas (names: [a-z][a-z0-9_]{0,62})."
  }
}

variable "restricted_tables" {
  description = "Comma-separated tables no tool may touch (DB_ADMIN_RESTRICTED_TABLES)."
  type        = string
  default     = "users,auth_tokens,system_config"
}

variable "read_only_tables" {
  description = "Comma-separated tables tools may read but not change (DB_ADMIN_READ_ONLY_TABLES); the database roles get no write grant on them either."
  type        = string
  default     = ""
}

variable "audit_log_enabled" {
  description = "Write an audit row for every tool call (DB_ADMIN_AUDIT_LOG_ENABLED)."
  type        = bool
  default     = true
}

variable "max_batch_size" {
  description = "Maximum records per batch tool call (DB_ADMIN_MAX_BATCH_SIZE)."
  type        = number
  default     = 1000

  validation {
    condition     = var.max_batch_size >= 1
    error_message = "max_batch_size must be at least 1."
  }
}

variable "extra_environment" {
  description = "Additional environment variables for every function (e.g. DB_ADMIN_RATE_LIMIT, DB_ADMIN_READ_ONLY_TABLES). They override the defaults set here."
  type        = map(string)
  default     = {}
}

variable "log_retention_days" {
  description = "Retention (days) of the Lambda and API Gateway log groups."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be > 0 and one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }
}

# ---------------------------------------------------------------------------
# API Gateway
# ---------------------------------------------------------------------------

variable "jwt_issuer" {
  description = "Issuer URL of the JWT authorizer (must serve /.well-known/openid-configuration), e.g. https://cognito-idp.<region>.amazonaws.com/<pool id>."
  type        = string

  validation {
    condition     = can(regex("^https://", var.jwt_issuer))
    error_message = "jwt_issuer must be an https:// URL."
  }
}

variable "jwt_audience" {
  description = "Accepted audiences (aud claim, or client_id for Cognito access tokens) of the JWT authorizer."
  type        = list(string)

  validation {
    condition     = length(var.jwt_audience) > 0
    error_message = "jwt_audience must contain at least one audience."
  }
}

variable "throttling_burst_limit" {
  description = "API Gateway default route burst limit (requests)."
  type        = number
  default     = 100

  validation {
    condition     = var.throttling_burst_limit >= 0
    error_message = "throttling_burst_limit must be >= 0."
  }
}

variable "throttling_rate_limit" {
  description = "API Gateway default route steady-state rate limit (requests per second)."
  type        = number
  default     = 50

  validation {
    condition     = var.throttling_rate_limit >= 0
    error_message = "throttling_rate_limit must be >= 0."
  }
}

# ---------------------------------------------------------------------------
# Backups
# ---------------------------------------------------------------------------

variable "backup_schedule" {
  description = "EventBridge Scheduler expression for the full backup (cron(...) or rate(...))."
  type        = string
  default     = "cron(0 2 * * ? *)"

  validation {
    condition     = can(regex("^(cron|rate|at)\\(.+\\)$", var.backup_schedule))
    error_message = "backup_schedule must be a scheduler expression such as cron(0 2 * * ? *) or rate(12 hours)."
  }
}

variable "backup_schedule_timezone" {
  description = "IANA time zone of backup_schedule."
  type        = string
  default     = "UTC"
}

variable "backup_schedule_enabled" {
  description = "Enable the scheduled backup."
  type        = bool
  default     = true
}

variable "backup_bucket_name" {
  description = "Name of the S3 backup bucket. Empty: generated from the resource prefix."
  type        = string
  default     = ""

  validation {
    condition     = var.backup_bucket_name == "" || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.backup_bucket_name))
    error_message = "backup_bucket_name must be empty or a valid S3 bucket name."
  }
}

variable "backup_s3_prefix" {
  description = "Key prefix of the backups inside the bucket (BACKUP_S3_PREFIX). The backup function may only touch keys below it."
  type        = string
  default     = "backups/"

  validation {
    condition     = can(regex("^[A-Za-z0-9!_.*'()-]+(/[A-Za-z0-9!_.*'()-]+)*/$", var.backup_s3_prefix))
    error_message = "backup_s3_prefix must be a non-empty key prefix ending in '/' without a leading '/', e.g. backups/."
  }
}

variable "backup_signing_key" {
  description = "Base64 of 32 random bytes (openssl rand -base64 32) that signs every backup (DB_ADMIN_BACKUP_SIGNING_KEY). Every function must share it: the backup function signs, restores verify. Keep a copy outside AWS; without it the backups cannot be restored."
  type        = string
  sensitive   = true

  validation {
    # base64decode() refuses bytes that are not UTF-8, as random keys are: check the alphabet and length instead.
    condition     = can(regex("^[A-Za-z0-9+/]+={0,2}$", var.backup_signing_key)) && length(var.backup_signing_key) >= 44 && length(var.backup_signing_key) % 4 == 0
    error_message = "backup_signing_key must be base64 of at least 32 bytes (openssl rand -base64 32)."
  }
}

variable "backup_retention_days" {
  description = "Days after which backup objects (and noncurrent versions) expire (also passed as BACKUP_RETENTION_DAYS)."
  type        = number
  default     = 30

  validation {
    condition     = var.backup_retention_days > 0
    error_message = "backup_retention_days must be > 0."
  }
}

variable "backup_sse_algorithm" {
  description = "Server-side encryption of the backup bucket: aws:kms (a customer managed key is created) or AES256 (S3 managed keys)."
  type        = string
  default     = "aws:kms"

  validation {
    condition     = contains(["aws:kms", "AES256"], var.backup_sse_algorithm)
    error_message = "backup_sse_algorithm must be aws:kms or AES256."
  }
}

variable "backup_bucket_force_destroy" {
  description = "Allow terraform destroy to delete a non-empty backup bucket."
  type        = bool
  default     = false
}

variable "audit_retention_schedule" {
  description = "EventBridge Scheduler expression for the audit retention purge (DB_ADMIN_AUDIT_RETENTION_DAYS)."
  type        = string
  default     = "cron(30 3 * * ? *)"

  validation {
    condition     = can(regex("^(cron|rate)\\(.+\\)$", var.audit_retention_schedule))
    error_message = "audit_retention_schedule must be a scheduler expression such as cron(30 3 * * ? *)."
  }
}

variable "backup_async_retry_attempts" {
  description = "Lambda asynchronous retries of a failed scheduled call (0-2) before it goes to the scheduled-failures queue."
  type        = number
  default     = 1

  validation {
    condition     = var.backup_async_retry_attempts >= 0 && var.backup_async_retry_attempts <= 2
    error_message = "backup_async_retry_attempts must be between 0 and 2."
  }
}

# ---------------------------------------------------------------------------
# Monitoring
# ---------------------------------------------------------------------------

variable "alarm_sns_topic_arn" {
  description = "SNS topic ARN notified on alarm and OK transitions. Empty: a topic is created (output alarm_topic_arn; subscribe with alarm_email)."
  type        = string
  default     = ""

  validation {
    condition     = var.alarm_sns_topic_arn == "" || can(regex("^arn:aws[a-zA-Z-]*:sns:", var.alarm_sns_topic_arn))
    error_message = "alarm_sns_topic_arn must be empty or an SNS topic ARN."
  }
}

variable "alarm_email" {
  description = "E-mail address subscribed to the created alarm topic (only when alarm_sns_topic_arn is empty). The address must confirm the subscription."
  type        = string
  default     = ""
}

variable "db_free_storage_alarm_gb" {
  description = "Alarm when the database has less free storage than this (GiB)."
  type        = number
  default     = 2
}

variable "db_cpu_alarm_percent" {
  description = "Alarm when database CPU stays above this percentage for 15 minutes."
  type        = number
  default     = 80
}

variable "db_connections_alarm_threshold" {
  description = "Alarm when the database has more server connections than this for 10 minutes (db.t4g.micro allows about 80)."
  type        = number
  default     = 60
}

variable "proxy_pinned_alarm_threshold" {
  description = "Alarm when more RDS Proxy connections than this stay pinned for 15 minutes (a running backup pins one)."
  type        = number
  default     = 2
}

variable "proxy_client_connections_alarm_threshold" {
  description = "Alarm when the RDS Proxy has more client connections than this for 10 minutes."
  type        = number
  default     = 100
}

variable "backup_max_age_hours" {
  description = "Alarm when no backup succeeded (metric BackupSucceeded) for this many hours."
  type        = number
  default     = 26

  validation {
    condition     = var.backup_max_age_hours >= 1 && var.backup_max_age_hours <= 168
    error_message = "backup_max_age_hours must be between 1 and 168."
  }
}
