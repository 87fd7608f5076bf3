package com.dbadmin.security;

import com.dbadmin.call.CallContext;

/**
 * Turns what one kind of transport knows about a request into the caller every tool call carries:
 * {@link HttpCallerResolver} for MCP over HTTP and REST, {@link StdioCallerResolver} for MCP over stdio,
 * the Lambda resolver for direct and scheduled invocations. Transports ask their resolver and nothing else.
 *
 * @param <R> what the transport knows about the request
 */
@FunctionalInterface
public interface CallerResolver<R> {

    /**
     * @throws com.dbadmin.call.ToolException DB_401_UNAUTHENTICATED when the transport requires credentials
     *                                        that the request does not carry
     */
    CallContext resolve(R request);
}
