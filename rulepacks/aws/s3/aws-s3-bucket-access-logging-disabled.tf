# expect: aws-s3-bucket-access-logging-disabled
resource "aws_s3_bucket" "no_logging" {
  bucket = "acme-no-logging"
}

# Split form: aws_s3_bucket_logging refers to the bucket.
# ok: aws-s3-bucket-access-logging-disabled
resource "aws_s3_bucket" "split_logging" {
  bucket = "acme-split-logging"
  # Access logging is configured by aws_s3_bucket_logging.split_logging below.
}
resource "aws_s3_bucket_logging" "split_logging" {
  bucket        = aws_s3_bucket.split_logging.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "split-logging/"
}

# Legacy inline form.
# ok: aws-s3-bucket-access-logging-disabled
resource "aws_s3_bucket" "inline_logging" {
  bucket = "acme-inline-logging"
  logging {
    target_bucket = aws_s3_bucket.legacy_access_logs.id
    target_prefix = "inline-logging/"
  }
}

# Another bucket's logging resource does not count for this one.
# expect: aws-s3-bucket-access-logging-disabled
resource "aws_s3_bucket" "neighbour_of_logged" {
  bucket = "acme-neighbour"
}

# Logging configured by bucket name rather than id still refers to the bucket.
# ok: aws-s3-bucket-access-logging-disabled
resource "aws_s3_bucket" "split_by_name" {
  bucket = "acme-split-by-name"
}

resource "aws_s3_bucket_logging" "split_by_name" {
  bucket        = aws_s3_bucket.split_by_name.bucket
  target_bucket = aws_s3_bucket.access_logs.bucket
  target_prefix = "split-by-name/"
}

# Known gap: the logging resource names the bucket with a literal string instead
# of a reference, so no edge links the two.
# todo-ok: aws-s3-bucket-access-logging-disabled
resource "aws_s3_bucket" "logged_by_literal_name" {
  bucket = "acme-logged-by-literal-name"
}

resource "aws_s3_bucket_logging" "by_literal_name" {
  bucket        = "acme-logged-by-literal-name"
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "literal/"
}

# The destination of access logs: skipped.
# ok: aws-s3-bucket-access-logging-disabled
resource "aws_s3_bucket" "access_logs" {
  bucket = "acme-access-logs"
}

# The destination of a legacy inline logging block: skipped too.
# ok: aws-s3-bucket-access-logging-disabled
resource "aws_s3_bucket" "legacy_access_logs" {
  bucket = "acme-legacy-access-logs"
}
