package com.dbadmin.sql;

import io.micronaut.data.connection.ConnectionDefinition;
import io.micronaut.data.connection.ConnectionStatus;
import io.micronaut.data.connection.SynchronousConnectionManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The database side of one tool call: at most one connection, in one transaction, opened lazily so
 * that refused calls never touch the pool. The invoker commits or rolls back and closes it.
 *
 * <p>Opened through Micronaut Data's connection manager, the connection is also the current one for
 * Micronaut Data repositories on this thread until the session closes: a repository write made during
 * the call (the audit row) joins the call's transaction instead of opening its own.
 */
public final class DbSession implements AutoCloseable {
    private final DataSource dataSource;
    private final SynchronousConnectionManager<Connection> manager;
    private ConnectionStatus<Connection> status;
    private Connection connection;

    /** A session whose connection is bound to the thread for Micronaut Data repositories (tool calls). */
    public DbSession(SynchronousConnectionManager<Connection> manager) {
        this.dataSource = null;
        this.manager = manager;
    }

    /** A plain session on a pool, invisible to repositories. */
    public DbSession(DataSource dataSource) {
        this.dataSource = dataSource;
        this.manager = null;
    }

    /** The transaction's connection (statement timeout comes from the pool's connection options). */
    public Connection connection() throws SQLException {
        if (connection == null) {
            Connection opened;
            if (manager != null) {
                status = manager.getConnection(ConnectionDefinition.REQUIRES_NEW);
                opened = status.getConnection();
            } else {
                opened = dataSource.getConnection();
            }
            connection = opened;
            opened.setAutoCommit(false);
        }
        return connection;
    }

    /** Overrides the statement timeout for the rest of this transaction (backups and restores run longer). */
    public void statementTimeout(Duration timeout) throws SQLException {
        try (Statement statement = connection().createStatement()) {
            statement.execute("SET LOCAL statement_timeout = " + Math.max(0, timeout.toMillis()));
        }
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
        if (connection == null) {
            return;
        }
        try {
            if (status != null) {
                manager.complete(status);
            } else {
                connection.close();
            }
        } catch (SQLException | RuntimeException ignored) {
            // Nothing useful to report to the caller; Hikari logs broken connections itself.
        } finally {
            connection = null;
            status = null;
        }
    }
}
