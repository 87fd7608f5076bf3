package com.dbadmin.guard;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.ToolGuard;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Refuses a tool whose scope the caller was not granted, naming the scope needed. Every tool names its
 * scope in its definition, so tools added later are covered without code here.
 */
@Singleton
class ScopeGuard implements ToolGuard {
    public static final int ORDER = -900;

    @Override
    public void admit(CallContext caller, ToolDefinition tool) {
        if (tool != null && !ToolVisibility.mayCall(caller, tool)) {
            throw new ToolException(ErrorCode.DB_403_ACCESS_DENIED,
                    "Calling " + tool.name() + " needs the scope '" + tool.scope()
                            + "' (or db:admin); ask for a token that grants it.",
                    Map.of("required_scope", tool.scope()));
        }
    }

    /** Everything happens in {@link #admit}, before the arguments are read. */
    @Override
    public void check(ToolCall call) {
    }

    @Override
    public int order() {
        return ORDER;
    }
}
