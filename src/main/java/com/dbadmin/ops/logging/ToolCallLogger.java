package com.dbadmin.ops.logging;

import com.dbadmin.call.CallOutcome;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolCallListener;
import com.dbadmin.call.ToolOutcome;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * One log line per tool call, whatever the transport: tool, transport, principal, table, outcome,
 * error code, duration and row count, with the call's request id in the MDC. In JSON these are
 * top-level fields; in text they read {@code tool=db_query_records table=public.books ...}.
 * Arguments and results are never logged (they may hold personal data and secrets).
 *
 * <p>{@code db-admin.log.tool-calls} ({@code DB_ADMIN_LOG_TOOL_CALLS}): {@code all} (default) or
 * {@code failures}: successful calls then go to DEBUG, for deployments where the audit log and the
 * metrics already account for every call and the log volume is not wanted.
 */
@Singleton
public class ToolCallLogger implements ToolCallListener {
    private static final Logger LOG = LoggerFactory.getLogger(ToolCallLogger.class);
    private static final int MAX_TABLE_LENGTH = 128;
    private static final Pattern CONTROL_CHARACTERS = Pattern.compile("\\p{Cntrl}");

    private final boolean logSuccesses;

    ToolCallLogger(LogSettings settings) {
        this.logSuccesses = settings.logSuccesses();
    }

    @Override
    public void afterCompletion(ToolCall call, ToolOutcome outcome) {
        if (outcome.success() && !logSuccesses && !LOG.isDebugEnabled()) {
            return;
        }
        String previous = MDC.get(RequestIdFilter.MDC_KEY);
        MDC.put(RequestIdFilter.MDC_KEY, call.context().requestId());
        try {
            List<Object> fields = new ArrayList<>(8);
            fields.add(kv("tool", outcome.tool()));
            fields.add(kv("transport", call.context().transport().id()));
            fields.add(kv("principal", call.context().principal()));
            String table = table(call);
            if (table != null) {
                fields.add(kv("table", table));
            }
            fields.add(kv("outcome", CallOutcome.of(outcome).id()));
            if (!outcome.success()) {
                fields.add(kv("code", outcome.error().code().name()));
            }
            fields.add(kv("durationMs", Math.round(outcome.duration().toNanos() / 10_000.0) / 100.0));
            fields.add(kv("rowCount", call.details().rowCount()));
            String message = "tool call" + " {}".repeat(fields.size());
            if (!outcome.success() && outcome.error().code() == ErrorCode.DB_500_DATABASE) {
                LOG.warn(message, fields.toArray());
            } else if (outcome.success() && !logSuccesses) {
                LOG.debug(message, fields.toArray());
            } else {
                LOG.info(message, fields.toArray());
            }
        } finally {
            if (previous == null) {
                MDC.remove(RequestIdFilter.MDC_KEY);
            } else {
                MDC.put(RequestIdFilter.MDC_KEY, previous);
            }
        }
    }

    /** The catalogue-resolved table when the handler got that far, otherwise what the caller asked for. */
    private static String table(ToolCall call) {
        String table = call.details().table();
        if (table == null) {
            table = call.requestedTable();
        }
        if (table == null) {
            return null;
        }
        // Caller input: keep log lines single and bounded.
        String clean = CONTROL_CHARACTERS.matcher(table).replaceAll("?");
        return clean.length() <= MAX_TABLE_LENGTH ? clean : clean.substring(0, MAX_TABLE_LENGTH) + "...";
    }
}
