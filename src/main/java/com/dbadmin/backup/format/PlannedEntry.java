package com.dbadmin.backup.format;

/**
 * An entry the writer will emit: its table of contents record and its SQL. For table_data the SQL is
 * the {@code COPY ... FROM stdin;} line and {@code source} the query that produces the rows. An entry
 * whose SQL is only known when it is written (a piece of a large object, read then, so that only one
 * piece is ever in memory) has no SQL and a {@code source} query that returns it.
 */
public record PlannedEntry(TocEntry toc, String sql, String source) {

    public static PlannedEntry of(TocEntry toc, String sql) {
        return new PlannedEntry(toc, sql, null);
    }

    /** An entry whose SQL is the single text value {@code query} returns when the entry is written. */
    public static PlannedEntry rendered(TocEntry toc, String query) {
        return new PlannedEntry(toc, null, query);
    }

    public boolean rendered() {
        return sql == null;
    }
}
