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
 *
 * <p>A read-only call on a connection whose session already holds every one of those settings (straight
 * to PostgreSQL, where each connection gets them when it opens) runs its statements in autocommit instead:
 * one round trip per statement rather than BEGIN and the settings, the statement, then COMMIT. Under READ
 * COMMITTED every statement takes its own snapshot either way, so a read sees the same data, with the same
 * limits. A read that needs a longer timeout ({@link #statementTimeout}) opens its transaction then.
 */
public final class DbSession implements AutoCloseable {
    private final Supplier<DataSource> dataSource;
    private final List<TransactionSetting> settings;
    private final String setup;
    private final boolean readOnly;
    private volatile Connection connection;
    private volatile boolean transaction;
    private volatile boolean cancelled;

    /**
     * @param dataSource where the connection comes from, asked only when the call first needs one (so a
     *                   source that refuses does so after the guards, not before)
     * @param settings   the statements that open every transaction, in order
     */
    public DbSession(Supplier<DataSource> dataSource, List<TransactionSetting> settings) {
        this(dataSource, settings, false);
    }

    /**
     * @param readOnly the call changes nothing: it may run without a transaction where the connection's
     *                 session holds every setting
     */
    public DbSession(Supplier<DataSource> dataSource, List<TransactionSetting> settings, boolean readOnly) {
        this.dataSource = dataSource;
        this.settings = List.copyOf(settings);
        this.setup = settings.isEmpty() ? null
                : String.join(";\n", settings.stream().map(TransactionSetting::sql).toList());
        this.readOnly = readOnly;
    }

    /** The call's connection: in its transaction with the settings applied, or for a read in autocommit. */
    public Connection connection() throws SQLException {
        if (cancelled) {
            throw new CallCancelledException();
        }
        if (connection == null) {
            Connection opened = dataSource.get().getConnection();
            try {
                if (!readOnly || !heldBySession(opened)) {
                    begin(opened);
                }
            } catch (SQLException | RuntimeException e) {
                closeQuietly(opened);
                throw e;
            }
            connection = opened;
        }
        return connection;
    }

    /**
     * Overrides the statement timeout for the rest of this transaction (backups and restores run longer);
     * a read running in autocommit opens its transaction for it.
     */
    public void statementTimeout(Duration timeout) throws SQLException {
        Connection current = connection();
        if (!transaction) {
            begin(current);
        }
        try (Statement statement = current.createStatement()) {
            statement.execute("SET LOCAL statement_timeout = " + Math.max(0, timeout.toMillis()));
        }
    }

    /** Whether the call's statements run in a transaction of their own (false: a read in autocommit). */
    public boolean inTransaction() {
        return transaction;
    }

    private void begin(Connection opened) throws SQLException {
        opened.setAutoCommit(false);
        if (setup != null) {
            // One round trip: pgjdbc sends BEGIN and every statement of the string together.
            try (Statement statement = opened.createStatement()) {
                statement.execute(setup);
            }
        }
        transaction = true;
    }

    private boolean heldBySession(Connection opened) throws SQLException {
        for (TransactionSetting setting : settings) {
            if (!setting.heldBySession(opened)) {
                return false;
            }
        }
        return true;
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
        if (connection != null && transaction) {
            connection.commit();
        }
    }

    public void rollbackQuietly() {
        if (connection != null && transaction) {
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
