# HTTP API in front of the "http" function: POST /mcp, ANY /api/{proxy+} (JWT) and
# GET /health (public, status only), and the operator console's static pages (public, no data). The JWT authorizer verifies the token; the function takes
# its claims (requestContext.authorizer.jwt.claims) as the caller: principal jwt:<sub>, scopes
# from scope/scp. A request that reaches the function without claims is refused with 401.

resource "aws_apigatewayv2_api" "this" {
  name          = "${local.name}-api"
  description   = "database-admin-server MCP and REST API"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_authorizer" "jwt" {
  api_id           = aws_apigatewayv2_api.this.id
  name             = "jwt"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = var.jwt_issuer
    audience = var.jwt_audience
  }
}

resource "aws_apigatewayv2_integration" "http" {
  api_id                 = aws_apigatewayv2_api.this.id
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = aws_lambda_alias.live["http"].invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = 30000
}

locals {
  # Every scope a tool can need (com.dbadmin.call.Scope). A tool route admits a token that grants
  # at least one of them; the function then checks the one each tool needs.
  tool_scopes = ["db:read", "db:write", "db:batch", "db:backup", "db:restore", "db:audit", "db:admin"]

  api_routes = {
    mcp    = { key = "POST /mcp", scopes = local.tool_scopes }
    api    = { key = "ANY /api/{proxy+}", scopes = local.tool_scopes }
    health = { key = "GET /health", scopes = null } # public: status only, details need an identity
    # The operator console, its files, the API documentation and its description: static pages holding no
    # data, public so a browser can load them before it has a token; everything they show comes from the
    # routes above, called with the token the operator signs in with.
    console       = { key = "GET /", scopes = null }
    console_files = { key = "GET /console/{file}", scopes = null }
    docs          = { key = "GET /docs", scopes = null }
    docs_files    = { key = "GET /docs/{file}", scopes = null }
    openapi       = { key = "GET /openapi.json", scopes = null }
  }
}

resource "aws_apigatewayv2_route" "this" {
  for_each = local.api_routes

  api_id               = aws_apigatewayv2_api.this.id
  route_key            = each.value.key
  target               = "integrations/${aws_apigatewayv2_integration.http.id}"
  authorization_type   = each.value.scopes != null ? "JWT" : "NONE"
  authorizer_id        = each.value.scopes != null ? aws_apigatewayv2_authorizer.jwt.id : null
  authorization_scopes = each.value.scopes
}

resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/aws/apigateway/${local.name}-api"
  retention_in_days = var.log_retention_days
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit   = var.throttling_burst_limit
    throttling_rate_limit    = var.throttling_rate_limit
    detailed_metrics_enabled = true
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format = jsonencode({
      requestId          = "$context.requestId"
      requestTime        = "$context.requestTime"
      ip                 = "$context.identity.sourceIp"
      userAgent          = "$context.identity.userAgent"
      httpMethod         = "$context.httpMethod"
      path               = "$context.path"
      routeKey           = "$context.routeKey"
      status             = "$context.status"
      protocol           = "$context.protocol"
      responseLength     = "$context.responseLength"
      responseLatency    = "$context.responseLatency"
      integrationStatus  = "$context.integrationStatus"
      integrationLatency = "$context.integrationLatency"
      integrationError   = "$context.integrationErrorMessage"
      authorizerError    = "$context.authorizer.error"
      principal          = "$context.authorizer.claims.sub"
      scopes             = "$context.authorizer.claims.scope"
    })
  }
}

resource "aws_lambda_permission" "apigateway" {
  statement_id  = "AllowApiGatewayInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this["http"].function_name
  qualifier     = aws_lambda_alias.live["http"].name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/*/*"
}
