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
    private final CallControl control;
    private final Instant startedAt = Instant.now();

    public ToolCall(ToolDefinition tool, ObjectNode arguments, CallContext context, DbSession session) {
        this(tool, arguments, context, session, CallControl.none());
    }

    public ToolCall(ToolDefinition tool, ObjectNode arguments, CallContext context, DbSession session,
                    CallControl control) {
        this.tool = tool;
        this.args = new Args(arguments);
        this.context = context;
        this.session = session;
        this.control = control == null ? CallControl.none() : control;
        this.control.attach(session);
    }

    /**
     * Reports how far a long call got (rows or tables done, out of {@code total} when known). Also the point
     * where a cancelled call stops: it throws {@link CallCancelledException} once the client cancelled.
     */
    public void progress(long done, Long total, String message) {
        control.report(done, total, message);
    }

    /** The progress hook as a listener, for engines that report without knowing about tool calls. */
    public ProgressListener progressListener() {
        return control::report;
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
