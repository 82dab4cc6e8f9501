variable "logs_key" {
  type    = string
  default = null
}

resource "aws_kms_key" "logs" {
  description         = "log encryption"
  enable_key_rotation = true
}

# expect: aws-cloudwatch-log-group-not-kms-encrypted
resource "aws_cloudwatch_log_group" "plain" {
  name              = "/app/plain"
  retention_in_days = 365
}

resource "aws_cloudwatch_log_group" "null_through_variable_default" {
  name              = "/app/optional-key"
  retention_in_days = 365
  # expect: aws-cloudwatch-log-group-not-kms-encrypted
  kms_key_id = var.logs_key
}

# ok: aws-cloudwatch-log-group-not-kms-encrypted
resource "aws_cloudwatch_log_group" "customer_key" {
  name              = "/app/encrypted"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.logs.arn
}
