package com.dbadmin.mcp;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolOutcome;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.EnumSet;
import java.util.Set;

/**
 * The MCP logging capability: a {@code notifications/message} about each of the session's own tool calls,
 * at or above the level the client chose with {@code logging/setLevel} (nothing before it asks). Successes
 * are info, refusals and bad arguments warnings, database failures errors.
 */
final class CallLog {
    static final String LOGGER = "database-admin-server";
    private static final Set<ErrorCode> SERVER_SIDE = EnumSet.of(ErrorCode.DB_500_DATABASE,
            ErrorCode.DB_503_UNAVAILABLE, ErrorCode.DB_504_TIMEOUT);

    private CallLog() {
    }

    static void report(ToolOutcome outcome, McpSession session, JsonRpc rpc) {
        McpSchema.LoggingLevel wanted = session.logLevel();
        if (wanted == null || !session.canNotify()) {
            return;
        }
        McpSchema.LoggingLevel level = outcome.success() ? McpSchema.LoggingLevel.INFO
                : SERVER_SIDE.contains(outcome.error().code()) ? McpSchema.LoggingLevel.ERROR
                : McpSchema.LoggingLevel.WARNING;
        if (level.level() < wanted.level()) {
            return;
        }
        // A line of text rather than an object: the spec allows any JSON, but clients such as the Java SDK's
        // read data as a string.
        String text = outcome.success()
                ? outcome.tool() + " succeeded in " + outcome.duration().toMillis() + " ms"
                : outcome.tool() + " failed in " + outcome.duration().toMillis() + " ms with "
                + outcome.error().code().name() + ": " + outcome.error().getMessage();
        session.notify(rpc.notification(McpSchema.METHOD_NOTIFICATION_MESSAGE,
                new McpSchema.LoggingMessageNotification(level, LOGGER, text)));
    }
}
