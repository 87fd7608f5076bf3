package com.dbadmin.sql.readonly;

import com.dbadmin.call.ServedBy;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * One READ ONLY transaction on a connection logged in as the SQL role, always rolled back. The rollback undoes
 * session settings changed inside it ({@code set_config(..., false)} too); the one thing a statement can leave
 * behind that a rollback keeps is a session advisory lock, so closing releases those first, inside the same
 * transaction: behind a transaction-pooling proxy only the transaction is sure to be on the same server
 * connection. (A statement whose own error aborts the transaction after it took such a lock is released
 * after the rollback instead, which a transaction pooler may send elsewhere; direct connections are exact.)
 */
public final class RoleSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoleSession.class);

    private final DataSource dataSource;
    private final Connection connection;
    private final ServedBy servedBy;

    private RoleSession(DataSource dataSource, Connection connection, ServedBy servedBy) {
        this.dataSource = dataSource;
        this.connection = connection;
        this.servedBy = servedBy;
    }

    public static RoleSession open(DataSource roleDataSource, Duration statementTimeout) throws SQLException {
        return begin(roleDataSource, roleDataSource.getConnection(), ServedBy.primary(null), statementTimeout);
    }

    /**
     * @param pool       the pool {@code connection} came from (a connection left in an unknown state is evicted there)
     * @param servedBy   which server the connection belongs to
     */
    public static RoleSession begin(DataSource pool, Connection connection, ServedBy servedBy, Duration statementTimeout)
            throws SQLException {
        try {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION READ ONLY");
                statement.execute("SET LOCAL statement_timeout = " + Math.max(1, statementTimeout.toMillis()));
            }
            return new RoleSession(pool, connection, servedBy);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    public Connection connection() {
        return connection;
    }

    public ServedBy servedBy() {
        return servedBy;
    }

    @Override
    public void close() {
        try {
            boolean released = releaseAdvisoryLocks();
            connection.rollback();
            connection.setAutoCommit(true);
            if (!released) {
                releaseAdvisoryLocks();
            }
        } catch (SQLException e) {
            // The pool must not hand this connection out again with unknown state: drop it.
            LOG.debug("SQL role connection could not be reset; closing it for good: {}", e.getMessage());
            evict();
        } finally {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Already broken; the pool evicts it.
            }
        }
    }

    /** @return false when the transaction had already failed and nothing could run in it */
    private boolean releaseAdvisoryLocks() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_unlock_all()");
            return true;
        } catch (SQLException e) {
            if ("25P02".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private void evict() {
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                dataSource.unwrap(HikariDataSource.class).evictConnection(connection);
            }
        } catch (SQLException | RuntimeException ignored) {
            // Nothing more can be done with it.
        }
    }
}
