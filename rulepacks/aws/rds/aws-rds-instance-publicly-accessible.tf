variable "expose_db" {
  type    = bool
  default = true
}

variable "public_from_pipeline" {
  type = bool
}

resource "aws_db_instance" "public" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
  # expect: aws-rds-instance-publicly-accessible
  publicly_accessible = true
}

resource "aws_db_instance" "public_through_variable_default" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
  # expect: aws-rds-instance-publicly-accessible
  publicly_accessible = var.expose_db
}

resource "aws_db_instance" "public_from_unset_variable" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
  # expect-unknown: aws-rds-instance-publicly-accessible
  publicly_accessible = var.public_from_pipeline
}

resource "aws_rds_cluster_instance" "aurora_member" {
  cluster_identifier = "orders"
  instance_class     = "db.r6g.large"
  engine             = "aurora-postgresql"
  # expect: aws-rds-instance-publicly-accessible
  publicly_accessible = "true"
}

# The provider default is private.
# ok: aws-rds-instance-publicly-accessible
resource "aws_db_instance" "default_private" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
}

# ok: aws-rds-instance-publicly-accessible
resource "aws_rds_cluster_instance" "private_member" {
  cluster_identifier  = "orders"
  instance_class      = "db.r6g.large"
  engine              = "aurora-postgresql"
  publicly_accessible = false
}
