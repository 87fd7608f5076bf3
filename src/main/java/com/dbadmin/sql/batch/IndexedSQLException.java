package com.dbadmin.sql.batch;

import java.sql.SQLException;

/** A failure of a statement that served exactly one batch item, so the item is known without diagnosis. */
final class IndexedSQLException extends SQLException {
    private final int index;
    private final SQLException original;

    public IndexedSQLException(int index, SQLException original) {
        super(original.getMessage(), original.getSQLState(), original.getErrorCode(), original);
        this.index = index;
        this.original = original;
    }

    public int index() {
        return index;
    }

    public SQLException original() {
        return original;
    }
}
