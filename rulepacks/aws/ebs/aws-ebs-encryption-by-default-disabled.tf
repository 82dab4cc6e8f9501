variable "default_encryption" {
  type    = bool
  default = false
}

variable "default_encryption_from_pipeline" {
  type = bool
}

# ok: aws-ebs-encryption-by-default-disabled
resource "aws_ebs_encryption_by_default" "implicit_on" {
}

# ok: aws-ebs-encryption-by-default-disabled
resource "aws_ebs_encryption_by_default" "on" {
  enabled = true
}

resource "aws_ebs_encryption_by_default" "off" {
  # expect: aws-ebs-encryption-by-default-disabled
  enabled = false
}

resource "aws_ebs_encryption_by_default" "off_through_variable_default" {
  # expect: aws-ebs-encryption-by-default-disabled
  enabled = var.default_encryption
}

resource "aws_ebs_encryption_by_default" "from_unset_variable" {
  # expect-unknown: aws-ebs-encryption-by-default-disabled
  enabled = var.default_encryption_from_pipeline
}
