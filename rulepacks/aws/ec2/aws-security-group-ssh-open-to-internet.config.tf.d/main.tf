# Ingress generated from settings kept outside the resource: a YAML file read with
# yamldecode(file()), and port lists set in terraform.tfvars and *.auto.tfvars.

locals {
  firewall = yamldecode(file("${path.module}/firewall.yaml"))
}

# terraform.tfvars adds 22.
variable "admin_ports" {
  type    = list(number)
  default = [443]
}

# terraform.tfvars adds 22; web.auto.tfvars, read after it, takes it out again.
variable "web_ports" {
  type    = list(number)
  default = [80]
}

resource "aws_security_group" "from_yaml" {
  name = "public"
  dynamic "ingress" {
    for_each = local.firewall.public
    content {
      # expect: aws-security-group-ssh-open-to-internet
      cidr_blocks = [ingress.value.cidr]
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
    }
  }
}

# ok: aws-security-group-ssh-open-to-internet
resource "aws_security_group" "from_yaml_office" {
  name = "office"
  dynamic "ingress" {
    for_each = local.firewall.office
    content {
      cidr_blocks = [ingress.value.cidr]
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
    }
  }
}

resource "aws_security_group" "admin" {
  name = "admin"
  dynamic "ingress" {
    for_each = var.admin_ports
    content {
      # expect: aws-security-group-ssh-open-to-internet
      cidr_blocks = ["0.0.0.0/0"]
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
    }
  }
}

# ok: aws-security-group-ssh-open-to-internet
resource "aws_security_group" "web" {
  name = "web"
  dynamic "ingress" {
    for_each = var.web_ports
    content {
      cidr_blocks = ["0.0.0.0/0"]
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
    }
  }
}
