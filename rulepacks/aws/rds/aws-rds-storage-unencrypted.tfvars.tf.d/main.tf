# Variable settings as Terraform applies them: the default, then terraform.tfvars,
# then *.auto.tfvars in name order; the last one wins.

# Encrypted by default; terraform.tfvars turns it off.
variable "encrypt_orders" {
  type    = bool
  default = true
}

# terraform.tfvars turns it off; encryption.auto.tfvars turns it on again.
variable "encrypt_archive" {
  type    = bool
  default = true
}

resource "aws_db_instance" "orders" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
  # expect: aws-rds-storage-unencrypted
  storage_encrypted = var.encrypt_orders
}

resource "aws_db_instance" "archive" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
  # ok: aws-rds-storage-unencrypted
  storage_encrypted = var.encrypt_archive
}
