variable "encrypt_scratch" {
  type    = bool
  default = false
}

variable "encrypt_from_pipeline" {
  type = bool
}

# Relies on an account setting the scan cannot see.
# expect: aws-ebs-volume-unencrypted
resource "aws_ebs_volume" "implicit" {
  availability_zone = "eu-west-1a"
  size              = 40
}

resource "aws_ebs_volume" "off" {
  availability_zone = "eu-west-1a"
  size              = 40
  # expect: aws-ebs-volume-unencrypted
  encrypted = false
}

resource "aws_ebs_volume" "off_through_variable_default" {
  availability_zone = "eu-west-1a"
  size              = 100
  # expect: aws-ebs-volume-unencrypted
  encrypted = var.encrypt_scratch
}

resource "aws_ebs_volume" "from_unset_variable" {
  availability_zone = "eu-west-1a"
  size              = 100
  # expect-unknown: aws-ebs-volume-unencrypted
  encrypted = var.encrypt_from_pipeline
}

# ok: aws-ebs-volume-unencrypted
resource "aws_ebs_volume" "encrypted" {
  availability_zone = "eu-west-1a"
  size              = 40
  encrypted         = true
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

# Restored from a snapshot: its encryption follows the snapshot, which the scan
# cannot see. Declaring `encrypted = true` makes it certain (and encrypts the volume
# even when the snapshot is not), so the rule asks for it here too.
# expect: aws-ebs-volume-unencrypted
resource "aws_ebs_volume" "from_encrypted_snapshot" {
  availability_zone = "eu-west-1a"
  snapshot_id       = "snap-0123456789abcdef0"
}

# One block, one volume per key of the map: the `cache` volume is unencrypted, the
# `data` volume is encrypted. Both instances blame the same line, so the annotations
# name the instance.
resource "aws_ebs_volume" "by_role" {
  for_each = {
    cache = { encrypted = false }
    data  = { encrypted = true }
  }
  availability_zone = "eu-west-1a"
  size              = 20
  # expect: aws-ebs-volume-unencrypted @ aws_ebs_volume.by_role["cache"]
  # ok: aws-ebs-volume-unencrypted @ aws_ebs_volume.by_role["data"]
  encrypted = each.value.encrypted
}
