variable "encrypt_data_volume" {
  type    = bool
  default = false
}

variable "encrypt_root_from_pipeline" {
  type = bool
}

# No root_block_device: the root volume's encryption depends on the AMI and the
# account setting, neither visible here.
# expect: aws-ec2-instance-volume-unencrypted
resource "aws_instance" "implicit_root" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}

resource "aws_instance" "root_off" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  root_block_device {
    volume_size = 30
    # expect: aws-ec2-instance-volume-unencrypted
    encrypted = false
  }
}

resource "aws_instance" "data_volume_off_through_variable_default" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  root_block_device {
    encrypted = true
  }
  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 100
    encrypted   = true
  }
  ebs_block_device {
    device_name = "/dev/sdg"
    volume_size = 100
    # expect: aws-ec2-instance-volume-unencrypted
    encrypted = var.encrypt_data_volume
  }
}

resource "aws_instance" "root_from_unset_variable" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  root_block_device {
    # expect-unknown: aws-ec2-instance-volume-unencrypted
    encrypted = var.encrypt_root_from_pipeline
  }
}

# ok: aws-ec2-instance-volume-unencrypted
resource "aws_instance" "encrypted" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  root_block_device {
    encrypted   = true
    volume_type = "gp3"
  }
  ebs_block_device {
    device_name = "/dev/sdf"
    volume_size = 100
    encrypted   = true
  }
}
