package com.dbadmin.mcp;

import com.dbadmin.call.CallContext;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * One conversation as the dispatcher sees it: over stdio the whole process (one client, initialised once),
 * over Streamable HTTP a single POST (stateless: the protocol version comes from the request's header,
 * and notifications can only travel on that request's own SSE stream).
 */
interface McpSession {

    /** Who is calling: resolved per request, so a tool call always carries the request's own identity. */
    CallContext caller();

    /** The version this message is read under (negotiated by initialize, or the HTTP header). */
    String protocolVersion();

    /** Called by {@code initialize} with the negotiated version and how the client introduced itself. */
    void initialized(String version, McpSchema.Implementation client);

    /** Whether notifications (progress, log messages) can reach the client while this request runs. */
    boolean canNotify();

    /** Sends one JSON-RPC notification, already serialised; ignored when {@link #canNotify()} is false. */
    void notify(byte[] message);

    /** The least severe log level the client wants, or null when it wants none. */
    McpSchema.LoggingLevel logLevel();

    void logLevel(McpSchema.LoggingLevel level);

    /** Calls running in this conversation that {@code notifications/cancelled} may stop. */
    InFlightCalls inFlight();

    /** The key under which {@link #inFlight()} holds the call with this request id. */
    String inFlightKey(String requestId);

    /**
     * Whether a cancelled request still gets an answer: over stdio the spec says it should not; an HTTP
     * request needs some answer to end, and gets a JSON-RPC error.
     */
    boolean answersCancelledRequests();
}
