variable "cluster_log_types" {
  type    = list(string)
  default = ["authenticator", "scheduler"]
}

variable "log_types_from_pipeline" {
  type = list(string)
}

resource "aws_iam_role" "cluster" {
  name               = "eks-cluster"
  assume_role_policy = "{}"
}

# expect: aws-eks-cluster-control-plane-logging-disabled
resource "aws_eks_cluster" "no_logging" {
  name     = "no-logging"
  role_arn = aws_iam_role.cluster.arn
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}

resource "aws_eks_cluster" "api_without_audit" {
  name     = "api-only"
  role_arn = aws_iam_role.cluster.arn
  # expect: aws-eks-cluster-control-plane-logging-disabled
  enabled_cluster_log_types = ["api", "authenticator"]
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}

resource "aws_eks_cluster" "audit_without_api" {
  name     = "audit-only"
  role_arn = aws_iam_role.cluster.arn
  # expect: aws-eks-cluster-control-plane-logging-disabled
  enabled_cluster_log_types = ["audit"]
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}

resource "aws_eks_cluster" "through_variable_default" {
  name     = "variable"
  role_arn = aws_iam_role.cluster.arn
  # expect: aws-eks-cluster-control-plane-logging-disabled
  enabled_cluster_log_types = var.cluster_log_types
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}

resource "aws_eks_cluster" "from_unset_variable" {
  name     = "pipeline"
  role_arn = aws_iam_role.cluster.arn
  # expect-unknown: aws-eks-cluster-control-plane-logging-disabled
  enabled_cluster_log_types = var.log_types_from_pipeline
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}

# ok: aws-eks-cluster-control-plane-logging-disabled
resource "aws_eks_cluster" "logging" {
  name                      = "logging"
  role_arn                  = aws_iam_role.cluster.arn
  enabled_cluster_log_types = ["api", "audit", "authenticator"]
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}
