variable "encrypt_shared" {
  type    = bool
  default = false
}

variable "encrypt_from_pipeline" {
  type = bool
}

# expect: aws-efs-file-system-unencrypted
resource "aws_efs_file_system" "implicit" {
  creation_token = "implicit"
}

resource "aws_efs_file_system" "off_through_variable_default" {
  creation_token = "shared"
  # expect: aws-efs-file-system-unencrypted
  encrypted = var.encrypt_shared
}

resource "aws_efs_file_system" "from_unset_variable" {
  creation_token = "pipeline"
  # expect-unknown: aws-efs-file-system-unencrypted
  encrypted = var.encrypt_from_pipeline
}

# ok: aws-efs-file-system-unencrypted
resource "aws_efs_file_system" "encrypted" {
  creation_token = "encrypted"
  encrypted      = true
}
