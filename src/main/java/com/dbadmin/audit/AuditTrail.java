package com.dbadmin.audit;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolCallListener;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.ToolOutcome;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;

import java.sql.SQLException;

/**
 * One audit row per tool call. A successful call of a tool that may change data writes its row inside
 * its own transaction just before commit, so a change never commits without its row: if the row
 * cannot be written the change is rolled back and the caller gets DB_500_DATABASE. Every other call
 * (reads, failures, denials, invalid arguments, unknown tools) is written after completion by the
 * {@link AuditWriter}.
 */
@Singleton
class AuditTrail implements ToolCallListener {
    private final AuditSettings settings;
    private final AuditWriter writer;

    public AuditTrail(AuditSettings settings, AuditWriter writer) {
        this.settings = settings;
        this.writer = writer;
    }

    @Override
    public void beforeCommit(ToolCall call, ObjectNode result) {
        if (!settings.enabled() || call.tool().hints().readOnly()) {
            return;
        }
        try {
            writer.writeInTransaction(call.session().serverConnection(), AuditEntries.committed(call));
        } catch (SQLException | RuntimeException e) {
            throw new ToolException(ErrorCode.DB_500_DATABASE, "Nothing was changed: the audit record of this"
                    + " change could not be written, and changes are never made without one. Ask the operator to"
                    + " check the audit log table (dbadmin.audit_log).");
        }
        call.details().auditedInTransaction(true);
    }

    @Override
    public void afterCompletion(ToolCall call, ToolOutcome outcome) {
        if (!settings.enabled()) {
            return;
        }
        // A row written in the transaction is gone if the commit itself failed: then record the failure.
        if (outcome.success() && call.details().auditedInTransaction()) {
            return;
        }
        writer.submit(AuditEntries.completed(call, outcome));
    }

    @Override
    public void afterUnknownTool(String toolName, CallContext caller, ToolOutcome outcome) {
        if (settings.enabled()) {
            writer.submit(AuditEntries.unknownTool(toolName, caller, outcome));
        }
    }
}
