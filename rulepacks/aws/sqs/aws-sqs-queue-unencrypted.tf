variable "queue_sse" {
  type    = bool
  default = false
}

variable "queue_sse_from_pipeline" {
  type = bool
}

resource "aws_kms_key" "queues" {
  description         = "queue encryption"
  enable_key_rotation = true
}

# ok: aws-sqs-queue-unencrypted
resource "aws_sqs_queue" "sse_sqs" {
  name                    = "payments"
  sqs_managed_sse_enabled = true
}

# SSE-SQS is the service default for new queues.
# ok: aws-sqs-queue-unencrypted
resource "aws_sqs_queue" "service_default" {
  name = "orders"
}

# ok: aws-sqs-queue-unencrypted
resource "aws_sqs_queue" "sse_kms" {
  name                              = "invoices"
  kms_master_key_id                 = aws_kms_key.queues.arn
  kms_data_key_reuse_period_seconds = 300
}

resource "aws_sqs_queue" "off" {
  name = "audit-events"
  # expect: aws-sqs-queue-unencrypted
  sqs_managed_sse_enabled = false
}

resource "aws_sqs_queue" "off_through_variable_default" {
  name = "emails"
  # expect: aws-sqs-queue-unencrypted
  sqs_managed_sse_enabled = var.queue_sse
}

resource "aws_sqs_queue" "from_unset_variable" {
  name = "exports"
  # expect-unknown: aws-sqs-queue-unencrypted
  sqs_managed_sse_enabled = var.queue_sse_from_pipeline
}
