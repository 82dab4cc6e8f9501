variable "short_retention" {
  type    = number
  default = 30
}

variable "retention_from_pipeline" {
  type = number
}

resource "aws_cloudwatch_log_group" "one_week" {
  name = "/app/one-week"
  # expect: aws-cloudwatch-log-group-retention-too-short
  retention_in_days = 7
}

resource "aws_cloudwatch_log_group" "short_through_variable_default" {
  name = "/app/thirty-days"
  # expect: aws-cloudwatch-log-group-retention-too-short
  retention_in_days = var.short_retention
}

resource "aws_cloudwatch_log_group" "from_unset_variable" {
  name = "/app/pipeline"
  # expect-unknown: aws-cloudwatch-log-group-retention-too-short
  retention_in_days = var.retention_from_pipeline
}

# ok: aws-cloudwatch-log-group-retention-too-short
resource "aws_cloudwatch_log_group" "one_year" {
  name              = "/app/one-year"
  retention_in_days = 365
}

# Omitted: never expires.
# ok: aws-cloudwatch-log-group-retention-too-short
resource "aws_cloudwatch_log_group" "never_expires" {
  name = "/app/forever"
}

# ok: aws-cloudwatch-log-group-retention-too-short
resource "aws_cloudwatch_log_group" "explicit_never_expires" {
  name              = "/audit/forever"
  retention_in_days = 0
}
