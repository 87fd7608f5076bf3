package com.dbadmin.call;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The database side of one tool call: at most one connection, in one transaction, opened lazily so
 * that refused calls never touch the pool. The invoker commits or rolls back and closes it.
 *
 * <p>The transaction starts with the {@link TransactionSetting}s (statement timeout and the like) as
 * {@code SET LOCAL}: nothing the call relies on lives in the session, so the call is correct whichever
 * server connection a transaction-pooling proxy hands it, and leaves nothing behind for the next user.
 */
public final class DbSession implements AutoCloseable {
    private final Supplier<DataSource> dataSource;
    private final String setup;
    private Connection connection;

    /**
     * @param dataSource where the connection comes from, asked only when the call first needs one (so a
     *                   source that refuses does so after the guards, not before)
     * @param settings   the statements that open every transaction, in order
     */
    public DbSession(Supplier<DataSource> dataSource, List<TransactionSetting> settings) {
        this.dataSource = dataSource;
        this.setup = settings.isEmpty() ? null
                : String.join(";\n", settings.stream().map(TransactionSetting::sql).toList());
    }

    /** The transaction's connection, its settings already applied. */
    public Connection connection() throws SQLException {
        if (connection == null) {
            Connection opened = dataSource.get().getConnection();
            try {
                opened.setAutoCommit(false);
                if (setup != null) {
                    // One round trip: pgjdbc sends BEGIN and every statement of the string together.
                    try (Statement statement = opened.createStatement()) {
                        statement.execute(setup);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                closeQuietly(opened);
                throw e;
            }
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
            closeQuietly(connection);
            connection = null;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            // Hikari rolls back what is left open before the connection is handed out again.
            connection.close();
        } catch (SQLException ignored) {
            // Nothing useful to report to the caller; Hikari logs broken connections itself.
        }
    }
}
