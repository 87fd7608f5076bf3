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
 *
 * <p>A read-only tool's session reads from the read replica when one can serve ({@link CallConnections#readFromReplica});
 * every other session, and so anything that writes, uses the primary.
 *
 * <p>A read-only call without a tool role, on a connection whose session already holds every one of those
 * settings (straight to PostgreSQL, where each connection gets them when it opens), runs its statements in
 * autocommit instead: one round trip per statement rather than BEGIN and the settings, the statement, then
 * COMMIT. Under READ COMMITTED every statement takes its own snapshot either way, so a read sees the same
 * data, with the same limits. A read that needs a longer timeout ({@link #statementTimeout}) or a READ ONLY
 * transaction ({@link #readOnly()}) opens its transaction then; a tool role always needs one
 * ({@code SET LOCAL ROLE} lasts only for a transaction).
 */
public final class DbSession implements AutoCloseable {
    private final Supplier<DataSource> dataSource;
    private final Supplier<CallConnections.ReplicaConnection> replica;
    private final List<TransactionSetting> settings;
    private final String setup;
    private final boolean assumesToolRole;
    private final boolean readOnlyCall;
    private volatile Connection connection;
    private volatile boolean transaction;
    private volatile boolean cancelled;
    private boolean inToolRole;
    private ServedBy servedBy;
    private boolean rollbackAtEnd;

    /**
     * @param dataSource where the connection comes from, asked only when the call first needs one (so a
     *                   source that refuses does so after the guards, not before)
     * @param settings   the statements that open every transaction, in order
     * @param toolRole   the role tool work runs as, or null for the connection's own login role
     */
    public DbSession(Supplier<DataSource> dataSource, List<TransactionSetting> settings, String toolRole) {
        this(dataSource, null, settings, toolRole, false);
    }

    /**
     * @param replica      asked first for the connection when not null (a read-only tool and a replica is
     *                     configured); when it has none to give, {@code dataSource} is used and the reason kept
     *                     in {@link #servedBy()}
     * @param readOnlyCall the call changes nothing: it may run without a transaction where the connection's
     *                     session holds every setting and no tool role is assumed
     */
    public DbSession(Supplier<DataSource> dataSource, Supplier<CallConnections.ReplicaConnection> replica,
                     List<TransactionSetting> settings, String toolRole, boolean readOnlyCall) {
        this.dataSource = dataSource;
        this.replica = replica;
        this.settings = List.copyOf(settings);
        this.readOnlyCall = readOnlyCall;
        List<String> statements = new ArrayList<>();
        settings.forEach(setting -> statements.add(setting.sql()));
        this.assumesToolRole = toolRole != null && !toolRole.isBlank();
        if (assumesToolRole) {
            statements.add(setRole(toolRole));
        }
        this.setup = statements.isEmpty() ? null : String.join(";\n", statements);
    }

    /** The call's connection: in its transaction with the settings applied, or for a read in autocommit. */
    public Connection connection() throws SQLException {
        if (cancelled) {
            throw new CallCancelledException();
        }
        if (connection == null) {
            Connection opened = open();
            try {
                if (!readOnlyCall || assumesToolRole || !heldBySession(opened)) {
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

    /** Whether the call's statements run in a transaction of their own (false: a read in autocommit). */
    public boolean inTransaction() {
        return transaction;
    }

    private Connection transactionConnection() throws SQLException {
        Connection current = connection();
        if (!transaction) {
            begin(current);
        }
        return current;
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
        inToolRole = assumesToolRole;
    }

    private boolean heldBySession(Connection opened) throws SQLException {
        for (TransactionSetting setting : settings) {
            if (!setting.heldBySession(opened)) {
                return false;
            }
        }
        return true;
    }

    private Connection open() throws SQLException {
        if (replica != null) {
            CallConnections.ReplicaConnection fromReplica = replica.get();
            if (fromReplica.connection() != null) {
                servedBy = new ServedBy(ServedBy.REPLICA, fromReplica.lagMs(), null);
                return fromReplica.connection();
            }
            servedBy = ServedBy.primary(fromReplica.unavailable());
        } else {
            servedBy = ServedBy.primary(null);
        }
        return dataSource.get().getConnection();
    }

    /** Which server this session's connection belongs to, or null when it opened none. */
    public ServedBy servedBy() {
        return servedBy;
    }

    /**
     * Makes this call's transaction READ ONLY and ends it with a rollback instead of a commit: for tools
     * that must change nothing even when what they run has side effects (EXPLAIN ANALYZE executes the query).
     */
    public void readOnly() throws SQLException {
        try (Statement statement = transactionConnection().createStatement()) {
            statement.execute("SET TRANSACTION READ ONLY");
        }
        rollbackAtEnd = true;
    }

    /**
     * The transaction's connection as the server's own login role, for the server's bookkeeping written in
     * the same transaction (the audit row of a change): the tool role needs no privilege on the server's
     * own schema.
     */
    public Connection serverConnection() throws SQLException {
        Connection current = transactionConnection();
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

    /**
     * Overrides the statement timeout for the rest of this transaction (backups and restores run longer);
     * a read running in autocommit opens its transaction for it.
     */
    public void statementTimeout(Duration timeout) throws SQLException {
        try (Statement statement = transactionConnection().createStatement()) {
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
        if (connection != null && transaction) {
            if (rollbackAtEnd) {
                connection.rollback();
            } else {
                connection.commit();
            }
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
