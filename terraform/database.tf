# RDS PostgreSQL 16 in the private subnets, credentials managed by RDS in Secrets
# Manager, fronted by an RDS Proxy that requires TLS.

resource "aws_db_subnet_group" "this" {
  name        = "${local.name}-db"
  description = "Private subnets of ${local.name}"
  subnet_ids  = aws_subnet.private[*].id
}

resource "aws_db_parameter_group" "this" {
  name_prefix = "${local.name}-pg16-"
  family      = "postgres16"
  description = "database-admin-server PostgreSQL 16"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "this" {
  identifier     = "${local.name}-postgres"
  engine         = "postgres"
  engine_version = var.db_engine_version
  instance_class = var.db_instance_class

  db_name  = var.db_name
  username = var.db_master_username
  # RDS generates the password, stores it in Secrets Manager and rotates it.
  manage_master_user_password = true

  allocated_storage     = var.db_allocated_storage_gb
  max_allocated_storage = var.db_max_allocated_storage_gb
  storage_type          = "gp3"
  storage_encrypted     = true

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.db.id]
  parameter_group_name   = aws_db_parameter_group.this.name
  publicly_accessible    = false
  multi_az               = var.db_multi_az
  port                   = 5432
  ca_cert_identifier     = "rds-ca-rsa2048-g1"

  performance_insights_enabled          = var.db_performance_insights
  performance_insights_retention_period = var.db_performance_insights ? var.db_performance_insights_retention_days : null
  monitoring_interval                   = var.db_enhanced_monitoring_seconds
  monitoring_role_arn                   = var.db_enhanced_monitoring_seconds > 0 ? aws_iam_role.rds_monitoring[0].arn : null

  # Automated backups + point-in-time recovery.
  backup_retention_period = var.db_backup_retention_days
  backup_window           = "00:30-01:30"
  maintenance_window      = "sun:03:30-sun:04:30"
  copy_tags_to_snapshot   = true

  auto_minor_version_upgrade = true
  deletion_protection        = var.db_deletion_protection
  skip_final_snapshot        = var.db_skip_final_snapshot
  final_snapshot_identifier  = var.db_skip_final_snapshot ? null : "${local.name}-postgres-final"

  tags = { Name = "${local.name}-postgres" }
}

locals {
  # The RDS-managed master secret: JSON {"username": ..., "password": ...}. Only the bootstrap
  # function and the proxy read it.
  db_secret_arn = aws_db_instance.this.master_user_secret[0].secret_arn
}

data "aws_iam_policy_document" "rds_monitoring_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["monitoring.rds.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "rds_monitoring" {
  count = var.db_enhanced_monitoring_seconds > 0 ? 1 : 0

  name               = "${local.name}-rds-monitoring"
  description        = "Lets RDS Enhanced Monitoring publish OS metrics"
  assume_role_policy = data.aws_iam_policy_document.rds_monitoring_assume.json
}

resource "aws_iam_role_policy_attachment" "rds_monitoring" {
  count = var.db_enhanced_monitoring_seconds > 0 ? 1 : 0

  role       = aws_iam_role.rds_monitoring[0].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

# ---------------------------------------------------------------------------
# RDS Proxy
# ---------------------------------------------------------------------------

data "aws_iam_policy_document" "proxy_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["rds.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "proxy" {
  name               = "${local.name}-rds-proxy"
  description        = "Lets RDS Proxy read the database credentials secret"
  assume_role_policy = data.aws_iam_policy_document.proxy_assume.json
}

data "aws_iam_policy_document" "proxy_secret" {
  statement {
    sid       = "ReadDbSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = concat([local.db_secret_arn], [for s in aws_secretsmanager_secret.db_role : s.arn])
  }
}

resource "aws_iam_role_policy" "proxy_secret" {
  name   = "read-db-secret"
  role   = aws_iam_role.proxy.id
  policy = data.aws_iam_policy_document.proxy_secret.json
}

resource "aws_db_proxy" "this" {
  name                   = "${local.name}-proxy"
  engine_family          = "POSTGRESQL"
  role_arn               = aws_iam_role.proxy.arn
  vpc_subnet_ids         = aws_subnet.private[*].id
  vpc_security_group_ids = [aws_security_group.proxy.id]
  require_tls            = true
  # Frozen Lambda sandboxes keep their client connections open; close idle ones soon so they do
  # not hold proxy slots (the pool reconnects on the next invocation).
  idle_client_timeout = var.db_proxy_idle_client_timeout
  debug_logging       = false

  auth {
    auth_scheme               = "SECRETS"
    description               = "RDS-managed master user secret (bootstrap function only)"
    iam_auth                  = "DISABLED"
    client_password_auth_type = "POSTGRES_SCRAM_SHA_256"
    secret_arn                = local.db_secret_arn
  }

  # One login per tool function (database_roles.tf).
  dynamic "auth" {
    for_each = aws_secretsmanager_secret.db_role

    content {
      auth_scheme               = "SECRETS"
      description               = "${auth.key} function role"
      iam_auth                  = "DISABLED"
      client_password_auth_type = "POSTGRES_SCRAM_SHA_256"
      secret_arn                = auth.value.arn
    }
  }

  depends_on = [aws_iam_role_policy.proxy_secret]
}

resource "aws_db_proxy_default_target_group" "this" {
  db_proxy_name = aws_db_proxy.this.name

  connection_pool_config {
    max_connections_percent      = var.db_proxy_max_connections_percent
    max_idle_connections_percent = min(50, var.db_proxy_max_connections_percent)
    connection_borrow_timeout    = 120
  }
}

resource "aws_db_proxy_target" "this" {
  db_proxy_name          = aws_db_proxy.this.name
  target_group_name      = aws_db_proxy_default_target_group.this.name
  db_instance_identifier = aws_db_instance.this.identifier
}
