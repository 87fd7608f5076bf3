package com.dbadmin.guard;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ToolDefinition;

import java.util.List;

/** Which tools a caller may call, and therefore see in tools/list and GET /api/tools. */
public final class ToolVisibility {
    private ToolVisibility() {
    }

    public static boolean mayCall(CallContext caller, ToolDefinition tool) {
        return caller.hasScope(tool.scope());
    }

    public static List<ToolDefinition> visible(CallContext caller, List<ToolDefinition> tools) {
        return tools.stream().filter(tool -> mayCall(caller, tool)).toList();
    }
}
