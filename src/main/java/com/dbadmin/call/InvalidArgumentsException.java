package com.dbadmin.call;

import java.util.List;

/**
 * Arguments that break the tool's input schema. MCP reports it as JSON-RPC error -32602, REST as
 * 400 {@code DB_400_VALIDATION}: the request itself is malformed, the tool never ran.
 */
public class InvalidArgumentsException extends ToolException {
    private final List<String> violations;

    public InvalidArgumentsException(String tool, List<String> violations) {
        super(ErrorCode.DB_400_VALIDATION,
                "Invalid arguments for " + tool + ": " + String.join("; ", violations));
        this.violations = List.copyOf(violations);
    }

    public List<String> violations() {
        return violations;
    }
}
