variable "url_auth" {
  type    = string
  default = "NONE"
}

variable "url_auth_from_pipeline" {
  type = string
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::111122223333:role/api"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "api.zip"
}

resource "aws_lambda_function_url" "open" {
  function_name = aws_lambda_function.api.function_name
  # expect: aws-lambda-function-url-unauthenticated
  authorization_type = "NONE"
}

resource "aws_lambda_function_url" "open_through_variable_default" {
  function_name = aws_lambda_function.api.function_name
  qualifier     = "live"
  # expect: aws-lambda-function-url-unauthenticated
  authorization_type = var.url_auth
}

resource "aws_lambda_function_url" "from_unset_variable" {
  function_name = aws_lambda_function.api.function_name
  qualifier     = "beta"
  # expect-unknown: aws-lambda-function-url-unauthenticated
  authorization_type = var.url_auth_from_pipeline
}

# ok: aws-lambda-function-url-unauthenticated
resource "aws_lambda_function_url" "iam" {
  function_name      = aws_lambda_function.api.function_name
  qualifier          = "internal"
  authorization_type = "AWS_IAM"
}
