resource "aws_cloudwatch_log_group" "flow" {
  name              = "/vpc/flow"
  retention_in_days = 365
}

resource "aws_s3_bucket" "flow" {
  bucket = "acme-flow-logs"
}

# expect: aws-vpc-flow-logs-disabled
resource "aws_vpc" "unlogged" {
  cidr_block = "10.1.0.0/16"
}

# ok: aws-vpc-flow-logs-disabled
resource "aws_vpc" "logged_to_cloudwatch" {
  cidr_block = "10.2.0.0/16"
  # Flow logs are configured by aws_flow_log.to_cloudwatch below.
}
resource "aws_flow_log" "to_cloudwatch" {
  vpc_id          = aws_vpc.logged_to_cloudwatch.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow.arn
  iam_role_arn    = "arn:aws:iam::111122223333:role/flow-logs"
}

# ok: aws-vpc-flow-logs-disabled
resource "aws_vpc" "logged_to_s3" {
  cidr_block = "10.3.0.0/16"
}

resource "aws_flow_log" "to_s3" {
  vpc_id               = aws_vpc.logged_to_s3.id
  traffic_type         = "REJECT"
  log_destination_type = "s3"
  log_destination      = aws_s3_bucket.flow.arn
}

# Only one subnet is logged: the VPC as a whole is not.
# expect: aws-vpc-flow-logs-disabled
resource "aws_vpc" "subnet_logged_only" {
  cidr_block = "10.4.0.0/16"
}

resource "aws_subnet" "app" {
  vpc_id     = aws_vpc.subnet_logged_only.id
  cidr_block = "10.4.1.0/24"
}

resource "aws_flow_log" "subnet_only" {
  subnet_id       = aws_subnet.app.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow.arn
  iam_role_arn    = "arn:aws:iam::111122223333:role/flow-logs"
}

# expect: aws-vpc-flow-logs-disabled
resource "aws_default_vpc" "default" {
}
