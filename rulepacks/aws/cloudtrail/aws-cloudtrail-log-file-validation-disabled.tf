variable "validate_logs" {
  type    = bool
  default = false
}

variable "validate_from_pipeline" {
  type = bool
}

resource "aws_s3_bucket" "trail" {
  bucket = "acme-trail"
}

# expect: aws-cloudtrail-log-file-validation-disabled
resource "aws_cloudtrail" "unsigned" {
  name                  = "unsigned"
  s3_bucket_name        = aws_s3_bucket.trail.id
  is_multi_region_trail = true
}

resource "aws_cloudtrail" "explicitly_off" {
  name           = "explicit"
  s3_bucket_name = aws_s3_bucket.trail.id
  # expect: aws-cloudtrail-log-file-validation-disabled
  enable_log_file_validation = false
}

resource "aws_cloudtrail" "off_through_variable_default" {
  name           = "variable"
  s3_bucket_name = aws_s3_bucket.trail.id
  # expect: aws-cloudtrail-log-file-validation-disabled
  enable_log_file_validation = var.validate_logs
}

resource "aws_cloudtrail" "from_unset_variable" {
  name           = "pipeline"
  s3_bucket_name = aws_s3_bucket.trail.id
  # expect-unknown: aws-cloudtrail-log-file-validation-disabled
  enable_log_file_validation = var.validate_from_pipeline
}

# ok: aws-cloudtrail-log-file-validation-disabled
resource "aws_cloudtrail" "signed" {
  name                       = "signed"
  s3_bucket_name             = aws_s3_bucket.trail.id
  enable_log_file_validation = true
}
