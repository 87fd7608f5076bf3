package com.dbadmin.call;

import java.util.Map;

/**
 * A failure a client can act on: a stable code and a message that says what was wrong and how to
 * fix it. Never carries SQL of other users, credentials or stack traces.
 */
public class ToolException extends RuntimeException {
    private final ErrorCode code;
    private final transient Map<String, Object> details;

    public ToolException(ErrorCode code, String message) {
        this(code, message, Map.of(), null);
    }

    public ToolException(ErrorCode code, String message, Map<String, Object> details) {
        this(code, message, details, null);
    }

    public ToolException(ErrorCode code, String message, Map<String, Object> details, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
        this.details = details == null ? Map.of() : details;
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    public static ToolException validation(String message) {
        return new ToolException(ErrorCode.DB_400_VALIDATION, message);
    }

    public static ToolException notFound(String message) {
        return new ToolException(ErrorCode.DB_404_NOT_FOUND, message);
    }

    public static ToolException denied(String message) {
        return new ToolException(ErrorCode.DB_403_ACCESS_DENIED, message);
    }
}
