package com.dbadmin.guard;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** Size and time limits applied to every call (db-admin.limits.*, DB_ADMIN_* environment names). */
@ConfigurationProperties("db-admin.limits")
public class Limits {
    private int maxBatchSize = 1000;
    private int maxRows = 1000;
    private int defaultLimit = 100;
    private Duration statementTimeout = Duration.ofSeconds(30);
    /** 0 disables the guard. */
    private long maxAffectedRows;

    public int getMaxBatchSize() {
        return maxBatchSize;
    }

    public void setMaxBatchSize(int maxBatchSize) {
        this.maxBatchSize = maxBatchSize;
    }

    public int getMaxRows() {
        return maxRows;
    }

    public void setMaxRows(int maxRows) {
        this.maxRows = maxRows;
    }

    public int getDefaultLimit() {
        return defaultLimit;
    }

    public void setDefaultLimit(int defaultLimit) {
        this.defaultLimit = defaultLimit;
    }

    public Duration getStatementTimeout() {
        return statementTimeout;
    }

    public void setStatementTimeout(Duration statementTimeout) {
        this.statementTimeout = statementTimeout;
    }

    public long getMaxAffectedRows() {
        return maxAffectedRows;
    }

    public void setMaxAffectedRows(long maxAffectedRows) {
        this.maxAffectedRows = maxAffectedRows;
    }
}
