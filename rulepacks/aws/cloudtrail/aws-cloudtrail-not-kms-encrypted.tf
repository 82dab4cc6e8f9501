variable "trail_key" {
  type    = string
  default = null
}

resource "aws_s3_bucket" "trail" {
  bucket = "acme-trail"
}

resource "aws_kms_key" "trail" {
  description         = "cloudtrail"
  enable_key_rotation = true
}

# expect: aws-cloudtrail-not-kms-encrypted
resource "aws_cloudtrail" "sse_s3_only" {
  name           = "sse-s3"
  s3_bucket_name = aws_s3_bucket.trail.id
}

resource "aws_cloudtrail" "null_through_variable_default" {
  name           = "optional-key"
  s3_bucket_name = aws_s3_bucket.trail.id
  # expect: aws-cloudtrail-not-kms-encrypted
  kms_key_id = var.trail_key
}

# ok: aws-cloudtrail-not-kms-encrypted
resource "aws_cloudtrail" "kms" {
  name           = "kms"
  s3_bucket_name = aws_s3_bucket.trail.id
  kms_key_id     = aws_kms_key.trail.arn
}
