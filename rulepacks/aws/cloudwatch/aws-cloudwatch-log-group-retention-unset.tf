variable "retention_from_pipeline" {
  type = number
}

# expect: aws-cloudwatch-log-group-retention-unset
resource "aws_cloudwatch_log_group" "undecided" {
  name = "/app/undecided"
}

# ok: aws-cloudwatch-log-group-retention-unset
resource "aws_cloudwatch_log_group" "one_year" {
  name              = "/app/one-year"
  retention_in_days = 365
}

# Keeping logs forever on purpose is a visible decision.
# ok: aws-cloudwatch-log-group-retention-unset
resource "aws_cloudwatch_log_group" "forever_on_purpose" {
  name              = "/audit/forever"
  retention_in_days = 0
}

# Set from the pipeline: some value will be set.
# ok: aws-cloudwatch-log-group-retention-unset
resource "aws_cloudwatch_log_group" "from_pipeline" {
  name              = "/app/pipeline"
  retention_in_days = var.retention_from_pipeline
}
