variable "rotate_keys" {
  type    = bool
  default = false
}

variable "rotate_from_pipeline" {
  type = bool
}

# expect: aws-kms-key-rotation-disabled
resource "aws_kms_key" "default_settings" {
  description = "application data"
}

resource "aws_kms_key" "off" {
  description = "backups"
  # expect: aws-kms-key-rotation-disabled
  enable_key_rotation = false
}

resource "aws_kms_key" "off_through_variable_default" {
  description              = "exports"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  key_usage                = "ENCRYPT_DECRYPT"
  # expect: aws-kms-key-rotation-disabled
  enable_key_rotation = var.rotate_keys
}

resource "aws_kms_key" "from_unset_variable" {
  description = "pipeline"
  # expect-unknown: aws-kms-key-rotation-disabled
  enable_key_rotation = var.rotate_from_pipeline
}

# ok: aws-kms-key-rotation-disabled
resource "aws_kms_key" "rotating" {
  description             = "database"
  enable_key_rotation     = true
  rotation_period_in_days = 180
}

# Asymmetric keys cannot rotate automatically.
# ok: aws-kms-key-rotation-disabled
resource "aws_kms_key" "signing" {
  description              = "release signing"
  customer_master_key_spec = "ECC_NIST_P256"
  key_usage                = "SIGN_VERIFY"
}

# HMAC keys cannot rotate automatically.
# ok: aws-kms-key-rotation-disabled
resource "aws_kms_key" "hmac" {
  description              = "token mac"
  customer_master_key_spec = "HMAC_256"
  key_usage                = "GENERATE_VERIFY_MAC"
}

# Keys in a CloudHSM key store cannot rotate automatically.
# ok: aws-kms-key-rotation-disabled
resource "aws_kms_key" "cloudhsm" {
  description         = "hsm backed"
  custom_key_store_id = "cks-1234567890abcdef0"
}
