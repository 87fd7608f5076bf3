terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }

  # State backend is deliberately left to the operator (e.g. an S3 backend with a
  # lock table, configured with `terraform init -backend-config=...`).
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = merge(
      {
        Application = "database-admin-server"
        Environment = var.environment
        ManagedBy   = "terraform"
      },
      var.tags,
    )
  }
}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

data "aws_availability_zones" "available" {
  state = "available"

  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

locals {
  # Prefix for every resource name: "<name>-<environment>", e.g. "dbadmin-prod".
  name = "${var.name}-${var.environment}"

  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition

  azs = slice(data.aws_availability_zones.available.names, 0, 2)
}
