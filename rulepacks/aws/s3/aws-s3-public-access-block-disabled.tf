variable "allow_public_policy" {
  type    = bool
  default = true
}

variable "block_acls_from_pipeline" {
  type = bool
}

resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
}

# ok: aws-s3-public-access-block-disabled
resource "aws_s3_bucket_public_access_block" "all_on" {
  bucket                  = aws_s3_bucket.site.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_public_access_block" "policy_allowed" {
  bucket            = aws_s3_bucket.site.id
  block_public_acls = true
  # expect: aws-s3-public-access-block-disabled
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Omitted arguments default to false in the Terraform resource.
# expect: aws-s3-public-access-block-disabled
resource "aws_s3_bucket_public_access_block" "partial" {
  bucket            = aws_s3_bucket.site.id
  block_public_acls = true
}

resource "aws_s3_account_public_access_block" "account" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  # expect: aws-s3-public-access-block-disabled
  restrict_public_buckets = !var.allow_public_policy
}

resource "aws_s3_bucket_public_access_block" "from_pipeline" {
  bucket = aws_s3_bucket.site.id
  # expect-unknown: aws-s3-public-access-block-disabled
  block_public_acls       = var.block_acls_from_pipeline
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
