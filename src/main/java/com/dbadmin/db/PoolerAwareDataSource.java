package com.dbadmin.db;

import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The physical connections under the pool, each set up for the current {@link PoolerMode} as it opens.
 * Behind a transaction pooler nothing may live in the session: pgjdbc's server-side prepared statements
 * (after {@code prepareThreshold} executions) would be missing on the next server connection, and a
 * session-level SET would stay on whichever server connection ran it. So there the connection gets
 * {@code prepareThreshold=0} and no SET; tool calls set their limits with SET LOCAL either way
 * ({@link com.dbadmin.call.TransactionSetting}). Elsewhere the session-level statement timeout stays as a
 * floor for the server's own statements outside tool calls (catalogue, audit batches, health probe).
 * HikariCP has no per-connection hook that could change with the mode (its init SQL is fixed at start),
 * hence this wrapper.
 */
final class PoolerAwareDataSource extends DelegatingDataSource {
    private final PoolerDetector pooler;
    private final String sessionTimeout;
    /** The open connections whose session has the statement timeout (weakly held: the pool closes them). */
    private final Set<PGConnection> timed = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    PoolerAwareDataSource(DataSource physical, PoolerDetector pooler, Duration statementTimeout) {
        super(physical);
        this.pooler = pooler;
        this.sessionTimeout = "SET statement_timeout = " + Math.max(0, statementTimeout.toMillis());
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection;
        try {
            connection = delegate.getConnection();
        } catch (SQLException e) {
            pooler.connectionFailed();
            throw e;
        }
        return prepared(connection);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Connection connection;
        try {
            connection = delegate.getConnection(username, password);
        } catch (SQLException e) {
            pooler.connectionFailed();
            throw e;
        }
        return prepared(connection);
    }

    private Connection prepared(Connection connection) throws SQLException {
        try {
            if (pooler.connected().multiplexesTransactions()) {
                connection.unwrap(PGConnection.class).setPrepareThreshold(0);
            } else {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sessionTimeout);
                }
                timed.add(connection.unwrap(PGConnection.class));
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * Whether this connection (or the pool's proxy of it) got the statement timeout for its whole session
     * when it opened; connections opened behind a transaction pooler did not.
     */
    boolean hasSessionTimeout(Connection connection) throws SQLException {
        return connection.isWrapperFor(PGConnection.class) && timed.contains(connection.unwrap(PGConnection.class));
    }
}
