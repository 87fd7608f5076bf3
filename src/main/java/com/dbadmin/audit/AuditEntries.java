package com.dbadmin.audit;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.CallDetails;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.ops.logging.SecretRedactor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/** Builds audit rows from calls and outcomes, with secrets redacted and free text bounded. */
final class AuditEntries {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TEXT = 1000;

    private AuditEntries() {
    }

    /** A successful change, written inside its own transaction before commit. */
    static AuditEntry committed(ToolCall call) {
        CallDetails details = call.details();
        return entry(call.context(), call.tool().name(), table(call), details,
                Duration.between(call.startedAt(), Instant.now()), null);
    }

    /** Any call once it is over (reads, failures, denials, invalid arguments). */
    static AuditEntry completed(ToolCall call, ToolOutcome outcome) {
        // A failed call changed nothing: its images would describe rows that were rolled back.
        CallDetails details = outcome.success() ? call.details() : null;
        return entry(call.context(), call.tool().name(), table(call), details, outcome.duration(), outcome.error());
    }

    static AuditEntry unknownTool(String toolName, CallContext caller, ToolOutcome outcome) {
        return entry(caller, toolName, null, null, outcome.duration(), outcome.error());
    }

    private static AuditEntry entry(CallContext caller, String operation, String table, CallDetails details,
                                    Duration duration, ToolException error) {
        return new AuditEntry(null, Instant.now(), bounded(caller.principal(), 300), caller.authenticated(),
                caller.transport().id(), bounded(caller.clientAddress(), 100), bounded(caller.userAgent(), 300),
                bounded(caller.requestId(), 200), bounded(operation, 200),
                bounded(table, 300),
                details == null || details.affectedIds().isEmpty() ? null : json(ids(details.affectedIds())),
                details == null ? null : json(SecretRedactor.image(details.before())),
                details == null ? null : json(SecretRedactor.image(details.after())),
                details == null ? 0 : details.rowCount(),
                duration.toMillis(),
                error == null,
                error == null ? null : error.code().name(),
                error == null ? null : bounded(SecretRedactor.redact(error.getMessage()), MAX_TEXT),
                bounded(String.join(" ", new TreeSet<>(caller.scopes())), MAX_TEXT));
    }

    private static String table(ToolCall call) {
        return call.details().table() != null ? call.details().table() : call.requestedTable();
    }

    private static JsonNode ids(List<Object> ids) {
        return JSON.valueToTree(ids);
    }

    private static String json(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }

    /** Caps free text and makes it storable: PostgreSQL text cannot hold NUL, which callers may send. */
    private static String bounded(String text, int max) {
        if (text == null) {
            return null;
        }
        String storable = text.replace("\0", "\\0");
        return storable.length() <= max ? storable : storable.substring(0, max) + "…";
    }
}
