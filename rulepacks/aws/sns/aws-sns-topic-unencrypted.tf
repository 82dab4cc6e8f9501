variable "topic_key" {
  type    = string
  default = null
}

resource "aws_kms_key" "topics" {
  description         = "topic encryption"
  enable_key_rotation = true
}

# expect: aws-sns-topic-unencrypted
resource "aws_sns_topic" "plain" {
  name = "alerts"
}

# A null default means the key is not set.
resource "aws_sns_topic" "null_through_variable_default" {
  name = "deploys"
  # expect: aws-sns-topic-unencrypted
  kms_master_key_id = var.topic_key
}

# ok: aws-sns-topic-unencrypted
resource "aws_sns_topic" "customer_key" {
  name              = "payments"
  kms_master_key_id = aws_kms_key.topics.arn
}

# ok: aws-sns-topic-unencrypted
resource "aws_sns_topic" "aws_managed_key" {
  name              = "builds"
  kms_master_key_id = "alias/aws/sns"
}

variable "topic_key_from_pipeline" {
  type = string
}

# A key from an unset variable will be set to something: the rule asks only that
# a key is set, so this stays quiet.
# ok: aws-sns-topic-unencrypted
resource "aws_sns_topic" "key_from_unset_variable" {
  name              = "exports"
  kms_master_key_id = var.topic_key_from_pipeline
}
