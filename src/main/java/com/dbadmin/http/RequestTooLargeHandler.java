package com.dbadmin.http;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;
import com.dbadmin.tool.Problems;
import com.dbadmin.tool.ToolResults;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.server.exceptions.ContentLengthExceededHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * A request body above {@code micronaut.server.max-request-size} (DB_ADMIN_MAX_REQUEST_BYTES) gets 413
 * with DB_413_TOO_LARGE: a problem+json body on REST, the error body of tool results on MCP.
 */
@Produces
@Singleton
@Replaces(ContentLengthExceededHandler.class)
@Requires(classes = {ContentLengthExceededException.class, ExceptionHandler.class})
class RequestTooLargeHandler implements ExceptionHandler<ContentLengthExceededException, HttpResponse<ObjectNode>> {
    private final long maxBytes;

    RequestTooLargeHandler(HttpServerConfiguration server) {
        this.maxBytes = server.getMaxRequestSize();
    }

    @Override
    public HttpResponse<ObjectNode> handle(HttpRequest request, ContentLengthExceededException exception) {
        ToolException error = new ToolException(ErrorCode.DB_413_TOO_LARGE, "The request body exceeds the " + maxBytes
                + "-byte limit (DB_ADMIN_MAX_REQUEST_BYTES); send fewer records per call.");
        if (request.getPath().startsWith("/mcp")) {
            return HttpResponse.<ObjectNode>status(HttpStatus.REQUEST_ENTITY_TOO_LARGE).body(ToolResults.error(error));
        }
        return Problems.apply(HttpResponse.status(HttpStatus.REQUEST_ENTITY_TOO_LARGE), error, request.getPath());
    }
}
