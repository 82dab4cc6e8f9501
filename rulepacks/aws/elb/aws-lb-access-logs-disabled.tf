variable "alb_logging" {
  type    = bool
  default = false
}

variable "alb_logging_from_pipeline" {
  type = bool
}

resource "aws_s3_bucket" "lb_logs" {
  bucket = "acme-lb-logs"
}

# No access_logs block: logging is off.
# expect: aws-lb-access-logs-disabled
resource "aws_lb" "no_block" {
  name               = "no-block"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
}

# A bucket without `enabled` still logs nothing: enabled defaults to false.
# expect: aws-lb-access-logs-disabled
resource "aws_lb" "bucket_without_enabled" {
  name    = "bucket-only"
  subnets = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  access_logs {
    bucket = aws_s3_bucket.lb_logs.id
  }
}

resource "aws_alb" "explicitly_off" {
  name    = "legacy-alias"
  subnets = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  access_logs {
    bucket = aws_s3_bucket.lb_logs.id
    # expect: aws-lb-access-logs-disabled
    enabled = false
  }
}

resource "aws_lb" "off_through_variable_default" {
  name    = "variable"
  subnets = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  access_logs {
    bucket = aws_s3_bucket.lb_logs.id
    # expect: aws-lb-access-logs-disabled
    enabled = var.alb_logging
  }
}

resource "aws_lb" "from_unset_variable" {
  name    = "pipeline"
  subnets = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  access_logs {
    bucket = aws_s3_bucket.lb_logs.id
    # expect-unknown: aws-lb-access-logs-disabled
    enabled = var.alb_logging_from_pipeline
  }
}

# ok: aws-lb-access-logs-disabled
resource "aws_lb" "logging" {
  name    = "logging"
  subnets = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  access_logs {
    bucket  = aws_s3_bucket.lb_logs.id
    prefix  = "logging"
    enabled = true
  }
}

# Gateway Load Balancers have no access logs.
# ok: aws-lb-access-logs-disabled
resource "aws_lb" "gateway" {
  name               = "inspection"
  load_balancer_type = "gateway"
  subnets            = ["subnet-0a1b2c3d"]
}

# Network Load Balancers are out of scope (they log TLS listeners only).
# ok: aws-lb-access-logs-disabled
resource "aws_lb" "network" {
  name               = "tcp"
  load_balancer_type = "network"
  subnets            = ["subnet-0a1b2c3d"]
}
