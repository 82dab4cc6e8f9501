variable "api_allowed_cidrs" {
  type    = list(string)
  default = ["10.0.0.0/8", "0.0.0.0/0"]
}

variable "public_api_from_pipeline" {
  type = bool
}

resource "aws_iam_role" "cluster" {
  name               = "eks-cluster"
  assume_role_policy = "{}"
}

# Both defaults: public endpoint, open to 0.0.0.0/0.
# expect: aws-eks-cluster-endpoint-open-to-internet
resource "aws_eks_cluster" "defaults" {
  name     = "defaults"
  role_arn = aws_iam_role.cluster.arn
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  }
}

resource "aws_eks_cluster" "explicit_world" {
  name     = "explicit-world"
  role_arn = aws_iam_role.cluster.arn
  vpc_config {
    subnet_ids             = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
    endpoint_public_access = true
    # expect: aws-eks-cluster-endpoint-open-to-internet
    public_access_cidrs = ["0.0.0.0/0"]
  }
}

resource "aws_eks_cluster" "world_through_variable_default" {
  name     = "variable-world"
  role_arn = aws_iam_role.cluster.arn
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
    # expect: aws-eks-cluster-endpoint-open-to-internet
    public_access_cidrs = var.api_allowed_cidrs
  }
}

# Open to the world only if the pipeline turns the public endpoint on.
resource "aws_eks_cluster" "from_unset_variable" {
  name     = "pipeline"
  role_arn = aws_iam_role.cluster.arn
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
    # expect-unknown: aws-eks-cluster-endpoint-open-to-internet
    endpoint_public_access = var.public_api_from_pipeline
  }
}

# ok: aws-eks-cluster-endpoint-open-to-internet
resource "aws_eks_cluster" "private_only" {
  name     = "private"
  role_arn = aws_iam_role.cluster.arn
  vpc_config {
    subnet_ids              = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
    endpoint_private_access = true
    endpoint_public_access  = false
  }
}

# ok: aws-eks-cluster-endpoint-open-to-internet
resource "aws_eks_cluster" "public_restricted" {
  name     = "restricted"
  role_arn = aws_iam_role.cluster.arn
  vpc_config {
    subnet_ids             = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
    endpoint_public_access = true
    public_access_cidrs    = ["203.0.113.0/24", "198.51.100.7/32"]
  }
}
