package com.dbadmin.ops;

/**
 * The server cannot start as configured, and the operator can fix it: {@link #getMessage()} says what
 * failed, {@link #fix()} what to set. Shown as it is in the log and, for MCP over stdio, in the JSON-RPC
 * error that answers the client's {@code initialize}.
 */
public class StartupFailure extends RuntimeException {
    private final String fix;

    public StartupFailure(String whatFailed, String fix) {
        this(whatFailed, fix, null);
    }

    public StartupFailure(String whatFailed, String fix, Throwable cause) {
        super(whatFailed, cause);
        this.fix = fix;
    }

    public String fix() {
        return fix;
    }

    /**
     * What stopped a start, for a person: the explanation of the {@link StartupFailure} among the causes, or
     * else the innermost message (settings checks name their variable), with the variables to look at.
     */
    public static String explain(Throwable failure) {
        String innermost = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof StartupFailure startup) {
                return startup.explanation();
            }
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                innermost = cause.getMessage().strip();
            }
        }
        return (innermost == null ? failure.getClass().getSimpleName() : innermost)
                + (innermost != null && innermost.contains("DB_ADMIN_") ? "" : ". Check DATABASE_URL (or, for the"
                + " embedded PostgreSQL, DB_ADMIN_DATA_DIR) and the log on stderr.");
    }

    /** What failed and how to fix it, in one sentence pair. */
    public String explanation() {
        return getMessage() + ". " + fix + ".";
    }
}
