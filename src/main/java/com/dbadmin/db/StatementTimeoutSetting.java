package com.dbadmin.db;

import com.dbadmin.call.TransactionSetting;
import com.dbadmin.guard.Limits;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * DB_ADMIN_STATEMENT_TIMEOUT for every statement of a tool call, set in the call's own transaction, or held
 * by the session of a pooled connection straight to PostgreSQL, which gets the same value when it opens
 * ({@link PoolerAwareDataSource}).
 */
@Singleton
class StatementTimeoutSetting implements TransactionSetting {
    private final String sql;
    private final DatabaseConnections connections;

    StatementTimeoutSetting(Limits limits, DatabaseConnections connections) {
        this.sql = "SET LOCAL statement_timeout = " + Math.max(0, limits.statementTimeout().toMillis());
        this.connections = connections;
    }

    @Override
    public String sql() {
        return sql;
    }

    @Override
    public boolean heldBySession(Connection connection) throws SQLException {
        return connections.hasSessionTimeout(connection);
    }
}
