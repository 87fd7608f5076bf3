package com.dbadmin.call;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The database side of one tool call: at most one connection, in one transaction, opened lazily so
 * that refused calls never touch the pool. A read-only tool's session reads from a replica when one can
 * serve; every other session, and so anything that writes, uses the primary. The invoker commits or rolls
 * back and closes it.
 */
public final class DbSession implements AutoCloseable {
    private final ConnectionSource source;
    private final boolean readOnlyTool;
    private Connection connection;
    private ServedBy servedBy;
    private boolean rollbackAtEnd;

    public DbSession(ConnectionSource source, boolean readOnlyTool) {
        this.source = source;
        this.readOnlyTool = readOnlyTool;
    }

    /** The transaction's connection (statement timeout comes from the pool's connection options). */
    public Connection connection() throws SQLException {
        if (connection == null) {
            Connection opened;
            if (readOnlyTool) {
                ConnectionSource.Served served = source.forReading();
                opened = served.connection();
                servedBy = served.servedBy();
            } else {
                opened = source.primary();
                servedBy = ServedBy.primary(null);
            }
            opened.setAutoCommit(false);
            connection = opened;
        }
        return connection;
    }

    /** Which server this session's connection belongs to, or null when it opened none. */
    public ServedBy servedBy() {
        return servedBy;
    }

    /** Overrides the statement timeout for the rest of this transaction (backups and restores run longer). */
    public void statementTimeout(Duration timeout) throws SQLException {
        try (Statement statement = connection().createStatement()) {
            statement.execute("SET LOCAL statement_timeout = " + Math.max(0, timeout.toMillis()));
        }
    }

    /**
     * Makes this call's transaction READ ONLY and ends it with a rollback instead of a commit: for tools
     * that must change nothing even when what they run has side effects (EXPLAIN ANALYZE executes the query).
     */
    public void readOnly() throws SQLException {
        try (Statement statement = connection().createStatement()) {
            statement.execute("SET TRANSACTION READ ONLY");
        }
        rollbackAtEnd = true;
    }

    public boolean isOpen() {
        return connection != null;
    }

    public void commit() throws SQLException {
        if (connection != null) {
            if (rollbackAtEnd) {
                connection.rollback();
            } else {
                connection.commit();
            }
        }
    }

    public void rollbackQuietly() {
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // The connection is broken; closing it returns it to the pool for eviction.
            }
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Nothing useful to report to the caller; Hikari logs broken connections itself.
            }
            connection = null;
        }
    }
}
