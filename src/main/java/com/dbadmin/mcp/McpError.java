package com.dbadmin.mcp;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * A JSON-RPC error answer: the request itself was wrong (unknown method, bad params), as opposed to a tool
 * that ran and failed, which is a tool result with {@code isError}.
 */
final class McpError extends RuntimeException {
    /** Not in JSON-RPC's reserved range; the value LSP uses for a cancelled request. */
    static final int REQUEST_CANCELLED = -32800;

    private final int code;
    private final transient Object data;

    McpError(int code, String message) {
        this(code, message, null);
    }

    McpError(int code, String message, Object data) {
        super(message, null, false, false);
        this.code = code;
        this.data = data;
    }

    int code() {
        return code;
    }

    Object data() {
        return data;
    }

    static McpError invalidRequest(String message) {
        return new McpError(McpSchema.ErrorCodes.INVALID_REQUEST, message);
    }

    static McpError invalidParams(String message) {
        return new McpError(McpSchema.ErrorCodes.INVALID_PARAMS, message);
    }

    static McpError methodNotFound(String method) {
        return new McpError(McpSchema.ErrorCodes.METHOD_NOT_FOUND, "Method not found: " + method);
    }
}
