package com.dbadmin.backup.format;

/**
 * An entry the writer will emit: its table of contents record and its SQL. For table_data the SQL is
 * the {@code COPY ... FROM stdin;} line and {@code source} the query that produces the rows.
 */
public record PlannedEntry(TocEntry toc, String sql, String source) {

    public static PlannedEntry of(TocEntry toc, String sql) {
        return new PlannedEntry(toc, sql, null);
    }
}
