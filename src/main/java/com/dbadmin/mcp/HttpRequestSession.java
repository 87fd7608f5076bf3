package com.dbadmin.mcp;

import com.dbadmin.call.CallContext;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.function.Consumer;

/**
 * One Streamable HTTP request as an MCP session. The server is stateless (several replicas, Lambda): the
 * protocol version is the request's MCP-Protocol-Version header, a log level chosen by logging/setLevel
 * cannot outlive the request, and notifications reach the client only on the request's own SSE stream
 * (where they go at info and above). Cancellation finds the call by caller and request id on this replica.
 */
final class HttpRequestSession implements McpSession {
    private final CallContext caller;
    private final InFlightCalls inFlight;
    private final Consumer<byte[]> stream;
    private String version;

    /**
     * @param stream where notifications go while the request runs (its SSE stream), or null when it is
     *               answered with plain JSON
     */
    HttpRequestSession(CallContext caller, String version, InFlightCalls inFlight, Consumer<byte[]> stream) {
        this.caller = caller;
        this.version = version;
        this.inFlight = inFlight;
        this.stream = stream;
    }

    @Override
    public CallContext caller() {
        return caller;
    }

    @Override
    public String protocolVersion() {
        return version;
    }

    @Override
    public void initialized(String negotiated, McpSchema.Implementation client) {
        this.version = negotiated;
    }

    @Override
    public boolean canNotify() {
        return stream != null;
    }

    @Override
    public void notify(byte[] message) {
        if (stream != null) {
            stream.accept(message);
        }
    }

    @Override
    public McpSchema.LoggingLevel logLevel() {
        return stream == null ? null : McpSchema.LoggingLevel.INFO;
    }

    @Override
    public void logLevel(McpSchema.LoggingLevel level) {
        // Stateless: nothing survives this request. Accepted so that clients may call it.
    }

    @Override
    public InFlightCalls inFlight() {
        return inFlight;
    }

    @Override
    public String inFlightKey(String requestId) {
        return caller.principal() + "\u0000" + requestId;
    }

    @Override
    public boolean answersCancelledRequests() {
        return true;
    }
}
