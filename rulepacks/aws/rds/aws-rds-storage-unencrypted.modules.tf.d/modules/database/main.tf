resource "aws_db_instance" "this" {
  identifier        = var.name
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  # expect: aws-rds-storage-unencrypted @ module.legacy.aws_db_instance.this
  # ok: aws-rds-storage-unencrypted @ module.prod.aws_db_instance.this
  # expect-unknown: aws-rds-storage-unencrypted @ module.pipeline.aws_db_instance.this
  storage_encrypted = var.encrypted
}
