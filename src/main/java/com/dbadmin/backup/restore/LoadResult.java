package com.dbadmin.backup.restore;

/** Rows offered to a table, and what became of them. */
public record LoadResult(long rows, long inserted, long updated, long skipped) {
    public static LoadResult inserted(long rows) {
        return new LoadResult(rows, rows, 0, 0);
    }
}
