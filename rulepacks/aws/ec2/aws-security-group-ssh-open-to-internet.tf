variable "admin_cidrs" {
  type    = list(string)
  default = ["0.0.0.0/0"]
}

variable "bastion_cidr_from_pipeline" {
  type = string
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

# --- inline ingress blocks of aws_security_group ---

resource "aws_security_group" "inline_ssh_world" {
  vpc_id = aws_vpc.main.id
  ingress {
    # expect: aws-security-group-ssh-open-to-internet
    cidr_blocks = ["0.0.0.0/0"]
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
  }
}

resource "aws_security_group" "inline_all_tcp_ipv6" {
  vpc_id = aws_vpc.main.id
  ingress {
    # expect: aws-security-group-ssh-open-to-internet
    ipv6_cidr_blocks = ["::/0"]
    from_port        = 0
    to_port          = 65535
    protocol         = "tcp"
  }
}

# The world CIDR hides among private ranges.
resource "aws_security_group" "inline_mixed_list" {
  vpc_id = aws_vpc.main.id
  ingress {
    # expect: aws-security-group-ssh-open-to-internet
    cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"]
    from_port   = 20
    to_port     = 25
    protocol    = "tcp"
  }
}

# The open range comes from a variable default.
resource "aws_security_group" "inline_variable_default" {
  vpc_id = aws_vpc.main.id
  ingress {
    # expect: aws-security-group-ssh-open-to-internet
    cidr_blocks = var.admin_cidrs
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
  }
}

# SSH from the office only.
# ok: aws-security-group-ssh-open-to-internet
resource "aws_security_group" "inline_ssh_office" {
  vpc_id = aws_vpc.main.id
  ingress {
    cidr_blocks = ["203.0.113.0/24"]
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
  }
  egress {
    cidr_blocks = ["0.0.0.0/0"]
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
  }
}

# Web ports open to the world do not include 22.
# ok: aws-security-group-ssh-open-to-internet
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

resource "aws_security_group_rule" "all_traffic_world" {
  type              = "ingress"
  security_group_id = aws_security_group.split.id
  # expect: aws-security-group-ssh-open-to-internet
  cidr_blocks = ["0.0.0.0/0"]
  from_port   = 0
  to_port     = 0
  protocol    = "-1"
}

# Protocol given by number (6 = TCP) and an IPv6 world range.
resource "aws_security_group_rule" "tcp_by_number_ipv6" {
  type              = "ingress"
  security_group_id = aws_security_group.split.id
  # expect: aws-security-group-ssh-open-to-internet
  ipv6_cidr_blocks = ["::/0"]
  from_port        = 22
  to_port          = 22
  protocol         = "6"
}

# ICMP carries no ports, even with protocol-wide port values.
# ok: aws-security-group-ssh-open-to-internet
resource "aws_security_group_rule" "icmp_world" {
  type              = "ingress"
  security_group_id = aws_security_group.split.id
  cidr_blocks       = ["0.0.0.0/0"]
  from_port         = -1
  to_port           = -1
  protocol          = "icmp"
}

# ok: aws-security-group-ssh-open-to-internet
resource "aws_security_group_rule" "egress_world" {
  type              = "egress"
  security_group_id = aws_security_group.split.id
  cidr_blocks       = ["0.0.0.0/0"]
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
}

# ok: aws-security-group-ssh-open-to-internet
resource "aws_security_group_rule" "https_world" {
  type              = "ingress"
  security_group_id = aws_security_group.split.id
  cidr_blocks       = ["0.0.0.0/0"]
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
}

# ok: aws-security-group-ssh-open-to-internet
resource "aws_security_group_rule" "ssh_from_peer_group" {
  type                     = "ingress"
  security_group_id        = aws_security_group.split.id
  source_security_group_id = aws_security_group.inline_ssh_office.id
  from_port                = 22
  to_port                  = 22
  protocol                 = "tcp"
}

# --- aws_vpc_security_group_ingress_rule ---

resource "aws_vpc_security_group_ingress_rule" "all_protocols_world" {
  security_group_id = aws_security_group.split.id
  # expect: aws-security-group-ssh-open-to-internet
  cidr_ipv4   = "0.0.0.0/0"
  ip_protocol = "-1"
}

resource "aws_vpc_security_group_ingress_rule" "ssh_world_ipv6" {
  security_group_id = aws_security_group.split.id
  # expect: aws-security-group-ssh-open-to-internet
  cidr_ipv6   = "::/0"
  from_port   = 22
  to_port     = 22
  ip_protocol = "tcp"
}

resource "aws_vpc_security_group_ingress_rule" "ssh_from_pipeline" {
  security_group_id = aws_security_group.split.id
  # expect-unknown: aws-security-group-ssh-open-to-internet
  cidr_ipv4   = var.bastion_cidr_from_pipeline
  from_port   = 22
  to_port     = 22
  ip_protocol = "tcp"
}

# ok: aws-security-group-ssh-open-to-internet
resource "aws_vpc_security_group_ingress_rule" "web_world" {
  security_group_id = aws_security_group.split.id
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 80
  to_port           = 443
  ip_protocol       = "tcp"
}

# ok: aws-security-group-ssh-open-to-internet
resource "aws_vpc_security_group_ingress_rule" "ssh_private" {
  security_group_id = aws_security_group.split.id
  cidr_ipv4         = "10.0.0.0/8"
  from_port         = 22
  to_port           = 22
  ip_protocol       = "tcp"
}

# ICMP carries no ports.
# ok: aws-security-group-ssh-open-to-internet
resource "aws_vpc_security_group_ingress_rule" "ping_world" {
  security_group_id = aws_security_group.split.id
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = -1
  to_port           = -1
  ip_protocol       = "icmp"
}

# --- generated permissions ---

locals {
  admin_rules = [
    { port = 443, cidr = "0.0.0.0/0" },
    { port = 22, cidr = "0.0.0.0/0" },
  ]
  office_cidrs = {
    office = "203.0.113.0/24"
    vpn    = "198.51.100.0/24"
  }
}

# A dynamic block expands to one ingress block per element; the second one opens 22.
resource "aws_security_group" "dynamic_ingress" {
  vpc_id = aws_vpc.main.id
  dynamic "ingress" {
    for_each = local.admin_rules
    content {
      # expect: aws-security-group-ssh-open-to-internet
      cidr_blocks = [ingress.value.cidr]
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
    }
  }
}

# for_each over private ranges only.
# ok: aws-security-group-ssh-open-to-internet
resource "aws_vpc_security_group_ingress_rule" "ssh_from_offices" {
  for_each          = local.office_cidrs
  security_group_id = aws_security_group.split.id
  cidr_ipv4         = each.value
  from_port         = 22
  to_port           = 22
  ip_protocol       = "tcp"
}

# count = 0: the resource is never created.
# ok: aws-security-group-ssh-open-to-internet
resource "aws_security_group_rule" "disabled_debug_access" {
  count             = 0
  type              = "ingress"
  security_group_id = aws_security_group.split.id
  cidr_blocks       = ["0.0.0.0/0"]
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
}

# --- dynamic ingress blocks from a variable list of ports ---

variable "public_ports" {
  type    = list(number)
  default = [80, 443, 22]
}

variable "web_ports" {
  type    = list(number)
  default = [80, 443]
}

# One ingress block per port; the last port of the list is SSH.
resource "aws_security_group" "dynamic_public_ports" {
  vpc_id = aws_vpc.main.id
  dynamic "ingress" {
    for_each = var.public_ports
    content {
      # expect: aws-security-group-ssh-open-to-internet
      cidr_blocks = ["0.0.0.0/0"]
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
    }
  }
}

# The same construct over web ports only.
# ok: aws-security-group-ssh-open-to-internet
resource "aws_security_group" "dynamic_web_ports" {
  vpc_id = aws_vpc.main.id
  dynamic "ingress" {
    for_each = var.web_ports
    iterator = port
    content {
      cidr_blocks = ["0.0.0.0/0"]
      from_port   = port.value
      to_port     = port.value
      protocol    = "tcp"
    }
  }
}
