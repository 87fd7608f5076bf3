package com.dbadmin.http;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;
import com.dbadmin.tool.Problems;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.stream.Collectors;

/**
 * Errors the framework answers itself (no route: 404; wrong method: 405; unacceptable Accept: 406;
 * unsupported Content-Type: 415; unreadable JSON: 400) get the same problem+json body as tool errors,
 * with a stable code ({@link Problems#codeFor}), instead of Micronaut's {@code vnd.error}. Under
 * {@code /mcp} the body is a JSON-RPC error instead, which is what MCP clients read.
 */
@Singleton
class ProblemErrorResponses implements ErrorResponseProcessor<ObjectNode> {
    private static final String MCP_PATH = "/mcp";

    @Override
    public MutableHttpResponse<ObjectNode> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpRequest<?> request = context.getRequest();
        int status = response.code();
        String detail = detail(context, status, request);
        if (request.getPath().equals(MCP_PATH) || request.getPath().startsWith(MCP_PATH + "/")) {
            ObjectNode rpc = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
            rpc.putNull("id");
            rpc.putObject("error").put("code", status == 404 || status == 405 ? -32601 : -32600).put("message", detail);
            MutableHttpResponse<ObjectNode> answer = response.body(rpc);
            answer.contentType(MediaType.APPLICATION_JSON_TYPE);
            return answer;
        }
        ErrorCode code = Problems.codeFor(status);
        return Problems.apply(response, new ToolException(code, detail), request.getPath());
    }

    private static String detail(ErrorContext context, int status, HttpRequest<?> request) {
        String method = request.getMethodName();
        return switch (status) {
            case 404 -> "No resource at " + request.getPath() + ". The REST API is under /api (GET /api/tools lists the"
                    + " tools), its description at /openapi.json, MCP at /mcp, the console at /.";
            case 405 -> method + " is not allowed on " + request.getPath() + "; /openapi.json lists each path's methods.";
            case 406 -> "This resource answers application/json (errors application/problem+json); the Accept header"
                    + " allows neither.";
            case 415 -> "Send the body as Content-Type: application/json.";
            default -> {
                String messages = context.getErrors().stream().map(Error::getMessage)
                        .map(Problems::firstLine).collect(Collectors.joining("; "));
                yield status == 400 ? "The request could not be read" + (messages.isEmpty() ? "" : ": " + messages)
                        : messages.isEmpty() ? "The request failed." : messages;
            }
        };
    }
}
