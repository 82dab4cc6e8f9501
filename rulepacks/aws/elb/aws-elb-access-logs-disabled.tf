variable "elb_logging" {
  type    = bool
  default = false
}

variable "elb_logging_from_pipeline" {
  type = bool
}

resource "aws_s3_bucket" "elb_logs" {
  bucket = "acme-elb-logs"
}

# expect: aws-elb-access-logs-disabled
resource "aws_elb" "no_block" {
  name               = "no-block"
  availability_zones = ["eu-west-1a"]
  listener {
    instance_port     = 8080
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }
}

# `enabled` defaults to true inside the block of aws_elb.
# ok: aws-elb-access-logs-disabled
resource "aws_elb" "block_default_enabled" {
  name               = "default-enabled"
  availability_zones = ["eu-west-1a"]
  access_logs {
    bucket        = aws_s3_bucket.elb_logs.id
    bucket_prefix = "default-enabled"
    interval      = 60
  }
  listener {
    instance_port     = 8080
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }
}

resource "aws_elb" "explicitly_off" {
  name               = "off"
  availability_zones = ["eu-west-1a"]
  access_logs {
    bucket = aws_s3_bucket.elb_logs.id
    # expect: aws-elb-access-logs-disabled
    enabled = false
  }
  listener {
    instance_port     = 8080
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }
}

resource "aws_elb" "off_through_variable_default" {
  name               = "variable"
  availability_zones = ["eu-west-1a"]
  access_logs {
    bucket = aws_s3_bucket.elb_logs.id
    # expect: aws-elb-access-logs-disabled
    enabled = var.elb_logging
  }
  listener {
    instance_port     = 8080
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }
}

resource "aws_elb" "from_unset_variable" {
  name               = "pipeline"
  availability_zones = ["eu-west-1a"]
  access_logs {
    bucket = aws_s3_bucket.elb_logs.id
    # expect-unknown: aws-elb-access-logs-disabled
    enabled = var.elb_logging_from_pipeline
  }
  listener {
    instance_port     = 8080
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }
}
