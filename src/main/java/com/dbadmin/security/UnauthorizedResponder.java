package com.dbadmin.security;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;
import com.dbadmin.tool.Problems;
import com.dbadmin.tool.ToolResults;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Answers a request the security rules refused: 401 with {@code WWW-Authenticate: Bearer
 * resource_metadata="..."} (the MCP authorization spec's pointer to the protected-resource metadata)
 * and DB_401_UNAUTHENTICATED, or 403 with DB_403_ACCESS_DENIED: problem+json on REST and the console's
 * paths, the error body of tool results on {@code /mcp}.
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
class UnauthorizedResponder implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {
    private final ProtectedResourceController metadata;

    public UnauthorizedResponder(ProtectedResourceController metadata) {
        this.metadata = metadata;
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        if (exception.isForbidden()) {
            return body(HttpResponse.status(HttpStatus.FORBIDDEN), new ToolException(
                    ErrorCode.DB_403_ACCESS_DENIED, "This caller may not use " + request.getPath() + "."), request);
        }
        boolean presented = request.getHeaders().getAuthorization().isPresent();
        StringBuilder challenge = new StringBuilder("Bearer realm=\"database-admin-server\", resource_metadata=\"")
                .append(metadata.metadataUrl(request)).append('"');
        String message;
        if (presented) {
            challenge.append(", error=\"invalid_token\", error_description=\"The token is invalid or expired\"");
            message = "The bearer token is invalid, expired, or not meant for this server; obtain a new one.";
        } else {
            message = "Authentication required: send Authorization: Bearer <token> (a JWT or an API key).";
        }
        return body(HttpResponse.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge.toString()),
                new ToolException(ErrorCode.DB_401_UNAUTHENTICATED, message), request);
    }

    /** MCP clients read the error body tool results carry; everything else gets problem+json. */
    private static MutableHttpResponse<?> body(MutableHttpResponse<?> response, ToolException error, HttpRequest<?> request) {
        if (ToolEndpointsRule.under(request.getPath(), "/mcp")) {
            return response.body(ToolResults.error(error));
        }
        return Problems.apply(response, error, request.getPath());
    }
}
