package com.dbadmin.call;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The database side of one tool call: at most one connection, in one transaction, opened lazily so
 * that refused calls never touch the pool. The invoker commits or rolls back and closes it.
 *
 * <p>The transaction starts with the {@link TransactionSetting}s (statement timeout and the like) as
 * {@code SET LOCAL}: nothing the call relies on lives in the session, so the call is correct whichever
 * server connection a transaction-pooling proxy hands it, and leaves nothing behind for the next user.
 * With a tool role (DB_ADMIN_TOOL_ROLE) the same first round trip assumes it ({@code SET LOCAL ROLE}), so
 * the database's own privileges stand behind the server's table policy.
 */
public final class DbSession implements AutoCloseable {
    private final Supplier<DataSource> dataSource;
    private final String setup;
    private final boolean assumesToolRole;
    private volatile Connection connection;
    private volatile boolean cancelled;
    private boolean inToolRole;

    /**
     * @param dataSource where the connection comes from, asked only when the call first needs one (so a
     *                   source that refuses does so after the guards, not before)
     * @param settings   the statements that open every transaction, in order
     * @param toolRole   the role tool work runs as, or null for the connection's own login role
     */
    public DbSession(Supplier<DataSource> dataSource, List<TransactionSetting> settings, String toolRole) {
        this.dataSource = dataSource;
        List<String> statements = new ArrayList<>();
        settings.forEach(setting -> statements.add(setting.sql()));
        this.assumesToolRole = toolRole != null && !toolRole.isBlank();
        if (assumesToolRole) {
            statements.add(setRole(toolRole));
        }
        this.setup = statements.isEmpty() ? null : String.join(";\n", statements);
    }

    /** The transaction's connection, its settings already applied. */
    public Connection connection() throws SQLException {
        if (cancelled) {
            throw new CallCancelledException();
        }
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
            inToolRole = assumesToolRole;
        }
        return connection;
    }

    /**
     * The transaction's connection as the server's own login role, for the server's bookkeeping written in
     * the same transaction (the audit row of a change): the tool role needs no privilege on the server's
     * own schema.
     */
    public Connection serverConnection() throws SQLException {
        Connection current = connection();
        if (inToolRole) {
            try (Statement statement = current.createStatement()) {
                statement.execute("SET LOCAL ROLE NONE");
            }
            inToolRole = false;
        }
        return current;
    }

    /**
     * Runs the rest of the current transaction on {@code connection} as {@code role} (nothing when null):
     * for connections outside a tool session, such as the backup snapshot's own.
     */
    public static void assumeRole(Connection connection, String role) throws SQLException {
        if (role == null || role.isBlank()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(setRole(role));
        }
    }

    private static String setRole(String role) {
        return "SET LOCAL ROLE \"" + role.trim().replace("\"", "\"\"") + '"';
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
