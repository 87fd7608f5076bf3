package com.dbadmin.call;

/** OAuth-style scopes a caller needs; each tool names exactly one. */
public final class Scope {
    public static final String READ = "db:read";
    public static final String WRITE = "db:write";
    public static final String BATCH = "db:batch";
    public static final String BACKUP = "db:backup";
    public static final String RESTORE = "db:restore";
    public static final String AUDIT = "db:audit";
    /** Caller-written SQL (read-only, under the SQL role) and query plans. */
    public static final String SQL = "db:sql";
    /** Grants every scope. */
    public static final String ADMIN = "db:admin";

    private Scope() {
    }
}
