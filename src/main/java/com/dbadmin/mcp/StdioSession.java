package com.dbadmin.mcp;

import com.dbadmin.call.CallContext;
import com.dbadmin.security.StdioCallerResolver;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.function.Consumer;

/**
 * The one session of a stdio process: initialised once, its log level kept for its lifetime, and every
 * notification written to stdout between the answers.
 */
final class StdioSession implements McpSession {
    private final StdioCallerResolver callers;
    private final Consumer<byte[]> out;
    private final InFlightCalls inFlight = new InFlightCalls();
    private volatile String version = ProtocolVersions.LATEST;
    private volatile String clientDescription;
    private volatile McpSchema.LoggingLevel logLevel;

    StdioSession(StdioCallerResolver callers, Consumer<byte[]> out) {
        this.callers = callers;
        this.out = out;
    }

    @Override
    public CallContext caller() {
        return callers.resolve(clientDescription);
    }

    @Override
    public String protocolVersion() {
        return version;
    }

    @Override
    public void initialized(String negotiated, McpSchema.Implementation client) {
        this.version = negotiated;
        this.clientDescription = client == null ? null : client.name() + "/" + client.version();
    }

    @Override
    public boolean canNotify() {
        return true;
    }

    @Override
    public void notify(byte[] message) {
        out.accept(message);
    }

    @Override
    public McpSchema.LoggingLevel logLevel() {
        return logLevel;
    }

    @Override
    public void logLevel(McpSchema.LoggingLevel level) {
        this.logLevel = level;
    }

    @Override
    public InFlightCalls inFlight() {
        return inFlight;
    }

    @Override
    public String inFlightKey(String requestId) {
        return requestId;
    }

    @Override
    public boolean answersCancelledRequests() {
        return false;
    }
}
