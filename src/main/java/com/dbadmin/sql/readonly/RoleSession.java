package com.dbadmin.sql.readonly;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * One READ ONLY transaction on a connection logged in as the SQL role, always rolled back. Closing it also
 * runs {@code DISCARD ALL}: a statement may leave session state behind that a rollback keeps (a session
 * advisory lock, a {@code set_config(..., false)}, a prepared statement), and the next caller on this pooled
 * connection must not inherit it.
 */
public final class RoleSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoleSession.class);

    private final DataSource dataSource;
    private final Connection connection;

    private RoleSession(DataSource dataSource, Connection connection) {
        this.dataSource = dataSource;
        this.connection = connection;
    }

    public static RoleSession open(DataSource roleDataSource, Duration statementTimeout) throws SQLException {
        Connection connection = roleDataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION READ ONLY");
                statement.execute("SET LOCAL statement_timeout = " + Math.max(1, statementTimeout.toMillis()));
            }
            return new RoleSession(roleDataSource, connection);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    public Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("DISCARD ALL");
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
