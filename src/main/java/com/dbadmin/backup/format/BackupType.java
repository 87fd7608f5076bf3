package com.dbadmin.backup.format;

import java.util.Locale;

/** What a file in the store holds. */
public enum BackupType {
    /** Every visible table, schema and data, in one snapshot. */
    FULL,
    /** One table (schema and/or data). */
    TABLE,
    /** The tables that changed since a base backup; restored on top of its chain. */
    INCREMENTAL,
    /** Rows of one table as JSON or CSV (db_export_json / db_export_csv). */
    EXPORT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BackupType of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
