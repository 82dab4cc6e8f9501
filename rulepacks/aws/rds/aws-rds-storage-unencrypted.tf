variable "encrypt_reporting_db" {
  type    = bool
  default = false
}

variable "encrypt_from_pipeline" {
  type = bool
}

locals {
  environment = "staging"
  encrypt     = local.environment == "production"
}

# expect: aws-rds-storage-unencrypted
resource "aws_db_instance" "missing_attribute" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
}

resource "aws_db_instance" "explicitly_off" {
  engine         = "mysql"
  instance_class = "db.t3.micro"
  # expect: aws-rds-storage-unencrypted
  storage_encrypted = false
}

resource "aws_db_instance" "off_through_variable_default" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
  # expect: aws-rds-storage-unencrypted
  storage_encrypted = var.encrypt_reporting_db
}

resource "aws_db_instance" "from_unset_variable" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
  # expect-unknown: aws-rds-storage-unencrypted
  storage_encrypted = var.encrypt_from_pipeline
}

# ok: aws-rds-storage-unencrypted
resource "aws_db_instance" "encrypted" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  storage_encrypted = true
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

# ok: aws-rds-storage-unencrypted
resource "aws_db_instance" "string_true" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  storage_encrypted = "true"
}

# A same-region replica inherits the source's encryption; the source is judged.
# ok: aws-rds-storage-unencrypted
resource "aws_db_instance" "replica" {
  instance_class      = "db.t3.micro"
  replicate_source_db = aws_db_instance.encrypted.identifier
}

# expect: aws-rds-storage-unencrypted
resource "aws_rds_cluster" "aurora_default" {
  cluster_identifier = "orders"
  engine             = "aurora-postgresql"
  master_username    = "app"
}

resource "aws_rds_cluster" "aurora_off" {
  cluster_identifier = "billing"
  engine             = "aurora-mysql"
  # expect: aws-rds-storage-unencrypted
  storage_encrypted = false
}

# Aurora Serverless v1 is always encrypted.
# ok: aws-rds-storage-unencrypted
resource "aws_rds_cluster" "serverless_v1" {
  cluster_identifier = "events"
  engine             = "aurora-mysql"
  engine_mode        = "serverless"
}

# ok: aws-rds-storage-unencrypted
resource "aws_rds_cluster" "aurora_encrypted" {
  cluster_identifier = "ledger"
  engine             = "aurora-postgresql"
  storage_encrypted  = true
}

# A local computes false for this environment.
resource "aws_rds_cluster" "local_condition" {
  cluster_identifier = "staging"
  engine             = "aurora-postgresql"
  # expect: aws-rds-storage-unencrypted
  storage_encrypted = local.encrypt
}
