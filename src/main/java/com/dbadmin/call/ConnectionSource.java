package com.dbadmin.call;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where a call's connection comes from: the primary for every call that may write, and for a read-only call a
 * read replica when one is configured, answering and not too far behind.
 */
public interface ConnectionSource {

    /** A connection and the server it belongs to. */
    record Served(Connection connection, ServedBy servedBy) {
    }

    Connection primary() throws SQLException;

    /** A replica's connection when one can serve now, else the primary's (saying why in {@link ServedBy#fallback}). */
    Served forReading() throws SQLException;

    /** Whether a read replica is configured: results then say which server answered. */
    boolean hasReplica();
}
