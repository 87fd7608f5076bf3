package com.dbadmin.tool;

/**
 * A check that runs before every tool handler, whatever the transport (scopes, rate limits, table
 * policy). Throws {@link ToolException} to refuse the call.
 */
public interface ToolGuard {
    void check(ToolCall call);

    /** Lower runs first: cheap, caller-level checks before table-level ones. */
    default int order() {
        return 0;
    }
}
