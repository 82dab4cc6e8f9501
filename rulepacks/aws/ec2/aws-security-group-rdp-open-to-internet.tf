variable "rdp_sources" {
  type    = list(string)
  default = ["::/0"]
}

variable "rdp_port_from_pipeline" {
  type = number
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

# --- inline ingress blocks of aws_security_group ---

resource "aws_security_group" "inline_rdp_world" {
  vpc_id = aws_vpc.main.id
  ingress {
    # expect: aws-security-group-rdp-open-to-internet
    cidr_blocks = ["0.0.0.0/0"]
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
  }
}

resource "aws_security_group" "inline_ipv6_from_variable_default" {
  vpc_id = aws_vpc.main.id
  ingress {
    # expect: aws-security-group-rdp-open-to-internet
    ipv6_cidr_blocks = var.rdp_sources
    from_port        = 3389
    to_port          = 3389
    protocol         = "tcp"
  }
}

# RDP from the office only.
# ok: aws-security-group-rdp-open-to-internet
resource "aws_security_group" "inline_rdp_office" {
  vpc_id = aws_vpc.main.id
  ingress {
    cidr_blocks = ["203.0.113.0/24"]
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
  }
}

# SSH open to the world is the other rule's business; 22 is not 3389.
# ok: aws-security-group-rdp-open-to-internet
resource "aws_security_group" "inline_ssh_world" {
  vpc_id = aws_vpc.main.id
  ingress {
    cidr_blocks = ["0.0.0.0/0"]
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
  }
}

# ok: aws-security-group-rdp-open-to-internet
resource "aws_security_group" "inline_web" {
  vpc_id = aws_vpc.main.id
  ingress {
    cidr_blocks = ["0.0.0.0/0"]
    from_port   = 80
    to_port     = 443
    protocol    = "tcp"
  }
}

# --- aws_security_group_rule ---

resource "aws_security_group" "split" {
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group_rule" "wide_range_world" {
  type              = "ingress"
  security_group_id = aws_security_group.split.id
  # expect: aws-security-group-rdp-open-to-internet
  cidr_blocks = ["0.0.0.0/0"]
  from_port   = 0
  to_port     = 65535
  protocol    = "tcp"
}

resource "aws_security_group_rule" "port_from_pipeline" {
  type              = "ingress"
  security_group_id = aws_security_group.split.id
  cidr_blocks       = ["0.0.0.0/0"]
  protocol          = "tcp"
  # expect-unknown: aws-security-group-rdp-open-to-internet
  from_port = var.rdp_port_from_pipeline
  to_port   = var.rdp_port_from_pipeline
}

# ok: aws-security-group-rdp-open-to-internet
resource "aws_security_group_rule" "rdp_from_office" {
  type              = "ingress"
  security_group_id = aws_security_group.split.id
  cidr_blocks       = ["203.0.113.0/24"]
  from_port         = 3389
  to_port           = 3389
  protocol          = "tcp"
}

# --- aws_vpc_security_group_ingress_rule ---

resource "aws_vpc_security_group_ingress_rule" "rdp_world" {
  security_group_id = aws_security_group.split.id
  # expect: aws-security-group-rdp-open-to-internet
  cidr_ipv4   = "0.0.0.0/0"
  from_port   = 3389
  to_port     = 3389
  ip_protocol = "tcp"
}

resource "aws_vpc_security_group_ingress_rule" "all_protocols_ipv6" {
  security_group_id = aws_security_group.split.id
  # expect: aws-security-group-rdp-open-to-internet
  cidr_ipv6   = "::/0"
  ip_protocol = "-1"
}

# ok: aws-security-group-rdp-open-to-internet
resource "aws_vpc_security_group_ingress_rule" "web_world" {
  security_group_id = aws_security_group.split.id
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}

# --- other spellings ---

# Ingress written as an attribute (a list of objects) instead of blocks.
resource "aws_security_group" "ingress_as_attribute" {
  vpc_id = aws_vpc.main.id
  ingress = [{
    # expect: aws-security-group-rdp-open-to-internet
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = []
    prefix_list_ids  = []
    security_groups  = []
    self             = false
    description      = "rdp"
    from_port        = 3389
    to_port          = 3389
    protocol         = "tcp"
  }]
}

locals {
  windows_admin_sources = {
    office = "203.0.113.0/24"
    anyone = "0.0.0.0/0"
  }
}

# for_each: one of the instances opens RDP to the world.
resource "aws_vpc_security_group_ingress_rule" "rdp_per_source" {
  for_each          = local.windows_admin_sources
  security_group_id = aws_security_group.split.id
  # expect: aws-security-group-rdp-open-to-internet
  cidr_ipv4   = each.value
  from_port   = 3389
  to_port     = 3389
  ip_protocol = "tcp"
}
