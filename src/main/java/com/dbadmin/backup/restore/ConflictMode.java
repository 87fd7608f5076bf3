package com.dbadmin.backup.restore;

import com.dbadmin.call.ToolException;

import java.util.Locale;

/** What a restore or import does with a row whose key already exists in the target table. */
public enum ConflictMode {
    /** Fail the whole operation (DB_409_CONFLICT); nothing is changed. */
    ERROR,
    /** Keep the existing row, skip the incoming one. */
    SKIP,
    /** Replace the existing row's columns with the incoming values (by primary key). */
    OVERWRITE;

    public static ConflictMode parse(String value) {
        if (value == null || value.isBlank()) {
            return ERROR;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "error" -> ERROR;
            case "skip", "nothing", "ignore" -> SKIP;
            case "overwrite", "update", "replace" -> OVERWRITE;
            default -> throw ToolException.validation("onConflict must be 'error', 'skip' or 'overwrite'");
        };
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
