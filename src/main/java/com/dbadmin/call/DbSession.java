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
    private Connection connection;
    private boolean readOnly;

    public DbSession(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The transaction's connection (statement timeout comes from the pool's connection options). */
    public Connection connection() throws SQLException {
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
     * Makes this call's transaction READ ONLY and ends it with a rollback instead of a commit: for tools
     * that must change nothing even when what they run has side effects (EXPLAIN ANALYZE executes the query).
     */
    public void readOnly() throws SQLException {
        try (Statement statement = connection().createStatement()) {
            statement.execute("SET TRANSACTION READ ONLY");
        }
        readOnly = true;
    }

    public boolean isOpen() {
        return connection != null;
    }

    public void commit() throws SQLException {
        if (connection != null) {
            if (readOnly) {
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
