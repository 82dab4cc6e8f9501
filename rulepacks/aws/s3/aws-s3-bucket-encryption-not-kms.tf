variable "uploads_algorithm" {
  type    = string
  default = "AES256"
}

variable "reports_algorithm" {
  type = string
}

resource "aws_kms_key" "data" {
  description         = "bucket encryption"
  enable_key_rotation = true
}

# Nothing declared: SSE-S3 applies by default, the key is not under our control.
# expect: aws-s3-bucket-encryption-not-kms
resource "aws_s3_bucket" "no_configuration" {
  bucket = "acme-no-configuration"
}

# Split form with KMS.
# ok: aws-s3-bucket-encryption-not-kms
resource "aws_s3_bucket" "split_kms" {
  bucket = "acme-split-kms"
  # Default encryption is configured by
  # aws_s3_bucket_server_side_encryption_configuration.split_kms below.
}
resource "aws_s3_bucket_server_side_encryption_configuration" "split_kms" {
  bucket = aws_s3_bucket.split_kms.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true
  }
}

# Split form referring by name instead of id, with dual-layer KMS.
# ok: aws-s3-bucket-encryption-not-kms
resource "aws_s3_bucket" "split_dsse" {
  bucket = "acme-split-dsse"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "split_dsse" {
  bucket = aws_s3_bucket.split_dsse.bucket
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms:dsse"
    }
  }
}

# Split form restating SSE-S3 through a variable default: still not KMS.
# expect: aws-s3-bucket-encryption-not-kms
resource "aws_s3_bucket" "split_sse_s3" {
  bucket = "acme-split-sse-s3"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "split_sse_s3" {
  bucket = aws_s3_bucket.split_sse_s3.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = var.uploads_algorithm
    }
  }
}

# Legacy inline form with KMS.
# ok: aws-s3-bucket-encryption-not-kms
resource "aws_s3_bucket" "inline_kms" {
  bucket = "acme-inline-kms"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = aws_kms_key.data.arn
      }
    }
  }
}

# Legacy inline form with SSE-S3.
resource "aws_s3_bucket" "inline_sse_s3" {
  bucket = "acme-inline-sse-s3"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        # expect: aws-s3-bucket-encryption-not-kms
        sse_algorithm = "AES256"
      }
    }
  }
}

# Legacy inline form whose algorithm comes from an unset variable.
resource "aws_s3_bucket" "inline_unknown" {
  bucket = "acme-inline-unknown"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        # expect-unknown: aws-s3-bucket-encryption-not-kms
        sse_algorithm = var.reports_algorithm
      }
    }
  }
}

# An ALB access-log bucket must use SSE-S3, so it is skipped.
# ok: aws-s3-bucket-encryption-not-kms
resource "aws_s3_bucket" "alb_logs" {
  bucket = "acme-alb-logs"
}

resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  access_logs {
    bucket  = aws_s3_bucket.alb_logs.id
    enabled = true
  }
}
