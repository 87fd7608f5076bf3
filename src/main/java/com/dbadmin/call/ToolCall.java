package com.dbadmin.call;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/** One invocation travelling through guards, handler and listeners. */
public final class ToolCall {
    private final ToolDefinition tool;
    private final Args args;
    private final CallContext context;
    private final DbSession session;
    private final CallDetails details = new CallDetails();
    private final Instant startedAt = Instant.now();

    public ToolCall(ToolDefinition tool, ObjectNode arguments, CallContext context, DbSession session) {
        this.tool = tool;
        this.args = new Args(arguments);
        this.context = context;
        this.session = session;
    }

    public ToolDefinition tool() {
        return tool;
    }

    public Args args() {
        return args;
    }

    public CallContext context() {
        return context;
    }

    /** The call's database session: one transaction, committed by the invoker after the listeners. */
    public DbSession session() {
        return session;
    }

    public CallDetails details() {
        return details;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** The table argument as the caller wrote it, if this tool takes one. */
    public String requestedTable() {
        return tool.tableArgument() == null ? null : args.optString(tool.tableArgument(), null);
    }
}
