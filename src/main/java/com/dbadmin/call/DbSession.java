package com.dbadmin.call;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The database side of one tool call: at most one connection, in one transaction, opened lazily so
 * that refused calls never touch the pool. The invoker commits or rolls back and closes it.
 */
public final class DbSession implements AutoCloseable {
    private final DataSource dataSource;
    private volatile Connection connection;
    private volatile boolean cancelled;

    public DbSession(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The transaction's connection (statement timeout comes from the pool's connection options). */
    public Connection connection() throws SQLException {
        if (cancelled) {
            throw new CallCancelledException();
        }
        if (connection == null) {
            Connection opened = dataSource.getConnection();
            opened.setAutoCommit(false);
            connection = opened;
        }
        return connection;
    }

    /** Overrides the statement timeout for the rest of this transaction (backups and restores run longer). */
    public void statementTimeout(Duration timeout) throws SQLException {
        try (Statement statement = connection().createStatement()) {
            statement.execute("SET LOCAL statement_timeout = " + Math.max(0, timeout.toMillis()));
        }
    }

    /**
     * Stops the statement running on this session's connection, from another thread (the client cancelled
     * the call), and refuses every later one. pgjdbc sends PostgreSQL's cancel request on a separate socket,
     * so the running statement fails with SQLSTATE 57014 and the invoker rolls back.
     */
    void cancelRunningStatement() {
        cancelled = true;
        Connection current = connection;
        if (current == null) {
            return;
        }
        try {
            current.unwrap(org.postgresql.core.BaseConnection.class).cancelQuery();
        } catch (SQLException | RuntimeException e) {
            // The statement ends on its own (or already has); the invoker still rolls back.
        }
    }

    /** Whether the client cancelled the call: the invoker then rolls back instead of committing. */
    public boolean cancelled() {
        return cancelled;
    }

    public boolean isOpen() {
        return connection != null;
    }

    public void commit() throws SQLException {
        if (connection != null) {
            connection.commit();
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
