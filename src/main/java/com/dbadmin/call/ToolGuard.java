package com.dbadmin.call;

import io.micronaut.core.annotation.Nullable;

/**
 * A check that runs before every tool handler, whatever the transport: rate limit and scope in
 * {@link #admit}, before the arguments are read; refusing new calls while shutting down in {@link #check}.
 * Table policy is not a guard: handlers apply it when they resolve the table they work on. Throws
 * {@link ToolException} to refuse the call. {@link #check} is the single abstract method, so a
 * door-specific admission check can be a lambda.
 */
public interface ToolGuard {
    /**
     * Order of a door's own checks (a Lambda function admits one tool group, a refused credential): after the
     * rate limit, so refusals count against it like any call, and before the scope check, so a caller at the
     * wrong door learns which door to use rather than which scope it lacks there.
     */
    int DOOR_ORDER = -950;

    /**
     * Checks the caller before the arguments are even validated: rate limits and scopes. It runs for
     * every call, so malformed calls count against a rate limit and a caller without the scope learns
     * nothing about the arguments.
     *
     * @param tool the tool called, or null when no tool has that name (the call then fails with 404)
     */
    default void admit(CallContext caller, @Nullable ToolDefinition tool) {
    }

    /** Checks the call once its arguments passed the schema (a guard with only caller checks does nothing here). */
    void check(ToolCall call);

    /** Lower runs first: cheap, caller-level checks before table-level ones. */
    default int order() {
        return 0;
    }
}
