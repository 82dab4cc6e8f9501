variable "access_log_destination" {
  type    = string
  default = null
}

resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/apigateway/access"
  retention_in_days = 365
}

resource "aws_api_gateway_rest_api" "shop" {
  name = "shop"
}

resource "aws_apigatewayv2_api" "events" {
  name          = "events"
  protocol_type = "HTTP"
}

# expect: aws-api-gateway-stage-access-logging-disabled
resource "aws_api_gateway_stage" "rest_unlogged" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = "abc123"
  stage_name    = "prod"
}

# ok: aws-api-gateway-stage-access-logging-disabled
resource "aws_api_gateway_stage" "rest_logged" {
  rest_api_id   = aws_api_gateway_rest_api.shop.id
  deployment_id = "abc123"
  stage_name    = "live"
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format          = jsonencode({ requestId = "$context.requestId", ip = "$context.identity.sourceIp", status = "$context.status" })
  }
}

# expect: aws-api-gateway-stage-access-logging-disabled
resource "aws_apigatewayv2_stage" "http_unlogged" {
  api_id      = aws_apigatewayv2_api.events.id
  name        = "$default"
  auto_deploy = true
}

resource "aws_apigatewayv2_stage" "http_null_destination" {
  api_id = aws_apigatewayv2_api.events.id
  name   = "beta"
  access_log_settings {
    # expect: aws-api-gateway-stage-access-logging-disabled
    destination_arn = var.access_log_destination
    format          = "$context.requestId $context.status"
  }
}

# ok: aws-api-gateway-stage-access-logging-disabled
resource "aws_apigatewayv2_stage" "http_logged" {
  api_id = aws_apigatewayv2_api.events.id
  name   = "prod"
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format          = "$context.requestId $context.identity.sourceIp $context.routeKey $context.status"
  }
}
