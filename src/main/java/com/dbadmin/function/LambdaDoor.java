package com.dbadmin.function;

import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.ToolGroup;
import com.dbadmin.call.ToolGuard;
import com.dbadmin.call.CallContext;
import io.micronaut.core.annotation.Nullable;

/**
 * The checks of one Lambda invocation, run by the invoker among its guards (after the rate limit, before the
 * scope check): a refusal the function reached before the call (a malformed event, a token that failed
 * verification) and, for a group function, the one tool group it opens. Passing refusals through the invoker
 * makes them calls like any other: audited, counted in metrics, and rate-limited per invoker.
 *
 * @param group   the tool group the function opens, or null when it opens every group the caller's scopes allow
 * @param refusal what the function refuses this invocation with, or null
 */
record LambdaDoor(@Nullable ToolGroup group, @Nullable ToolException refusal) implements ToolGuard {

    @Override
    public void admit(CallContext caller, @Nullable ToolDefinition tool) {
        if (refusal != null) {
            throw refusal;
        }
        if (group != null && tool != null && tool.group() != group) {
            throw ToolException.denied(tool.name() + " belongs to the " + tool.group().id() + " group; this is the "
                    + group.id() + " function. Invoke the " + tool.group().id() + " function instead.");
        }
    }

    @Override
    public void check(ToolCall call) {
    }

    @Override
    public int order() {
        return DOOR_ORDER;
    }
}
