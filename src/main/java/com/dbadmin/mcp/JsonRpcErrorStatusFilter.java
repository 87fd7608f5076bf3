package com.dbadmin.mcp;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Delivers JSON-RPC errors for well-formed requests (invalid params, unknown method) with HTTP 200.
 * micronaut-mcp answers them with 400, and Streamable HTTP clients (the MCP Java and TypeScript SDKs)
 * treat any non-2xx answer as a transport failure, so the caller would never see the -32602 error and
 * its message. Unparseable requests (no id) keep their 400.
 */
@ServerFilter("/mcp")
class JsonRpcErrorStatusFilter {

    @ResponseFilter
    public void deliverErrorsAsResults(MutableHttpResponse<?> response) {
        if (response.getStatus() == HttpStatus.OK) {
            return;
        }
        Object body = response.getBody().orElse(null);
        if (body instanceof McpSchema.JSONRPCResponse rpc && rpc.error() != null && rpc.id() != null) {
            response.status(HttpStatus.OK);
        }
    }
}
