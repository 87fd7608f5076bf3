package com.dbadmin.db;

import com.dbadmin.call.TransactionSetting;
import com.dbadmin.guard.Limits;
import jakarta.inject.Singleton;

/** DB_ADMIN_STATEMENT_TIMEOUT for every statement of a tool call, set in the call's own transaction. */
@Singleton
class StatementTimeoutSetting implements TransactionSetting {
    private final String sql;

    StatementTimeoutSetting(Limits limits) {
        this.sql = "SET LOCAL statement_timeout = " + Math.max(0, limits.statementTimeout().toMillis());
    }

    @Override
    public String sql() {
        return sql;
    }
}
