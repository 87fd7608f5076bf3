package com.dbadmin.call;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Observes tool calls: audit, metrics, logs. */
public interface ToolCallListener {

    /**
     * Runs inside the call's transaction just before it commits; throwing rolls the change back
     * (the audit log uses this so that no change commits without its audit row).
     */
    default void beforeCommit(ToolCall call, ObjectNode result) {
    }

    /** Runs after the call finished, committed or not, for every call including refused ones. */
    default void afterCompletion(ToolCall call, ToolOutcome outcome) {
    }

    /** Runs for a call naming a tool that does not exist (refused with DB_404_NOT_FOUND or by a guard). */
    default void afterUnknownTool(String toolName, CallContext caller, ToolOutcome outcome) {
    }
}
