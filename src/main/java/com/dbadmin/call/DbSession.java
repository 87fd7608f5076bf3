package com.dbadmin.call;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The database side of one tool call: at most one connection, in one transaction, opened lazily so
 * that refused calls never touch the pool. The invoker commits or rolls back and closes it.
 *
 * <p>With a tool role (DB_ADMIN_TOOL_ROLE) the transaction runs as that role from its first statement
 * ({@code SET LOCAL ROLE}), so the database's own privileges stand behind the server's table policy:
 * a table the role may not read cannot be read, whatever a tool does.
 */
public final class DbSession implements AutoCloseable {
    private final DataSource dataSource;
    private final String toolRole;
    private Connection connection;
    private boolean inToolRole;

    public DbSession(DataSource dataSource) {
        this(dataSource, null);
    }

    /** @param toolRole the role tool work runs as, or null for the connection's own login role */
    public DbSession(DataSource dataSource, String toolRole) {
        this.dataSource = dataSource;
        this.toolRole = toolRole == null || toolRole.isBlank() ? null : toolRole.trim();
    }

    /** The transaction's connection (statement timeout comes from the pool's connection options). */
    public Connection connection() throws SQLException {
        if (connection == null) {
            Connection opened = dataSource.getConnection();
            try {
                opened.setAutoCommit(false);
                assumeRole(opened, toolRole);
            } catch (SQLException | RuntimeException e) {
                opened.close();
                throw e;
            }
            connection = opened;
            inToolRole = toolRole != null;
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
     * Runs the rest of the current transaction on {@code connection} as {@code role} (nothing when null).
     * The one place the role is assumed: tool sessions and the backup snapshot's own connection use it.
     */
    public static void assumeRole(Connection connection, String role) throws SQLException {
        if (role == null || role.isBlank()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL ROLE " + quoteIdentifier(role.trim()));
        }
    }

    private static String quoteIdentifier(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
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
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Nothing useful to report to the caller; Hikari logs broken connections itself.
            }
            connection = null;
        }
    }
}
