package com.dbadmin.audit;

import io.micronaut.context.annotation.ConfigurationProperties;

/** db-admin.audit.*: DB_ADMIN_AUDIT_LOG_ENABLED and DB_ADMIN_AUDIT_RETENTION_DAYS. */
@ConfigurationProperties("db-admin.audit")
class AuditSettings {
    private boolean enabled = true;
    /** Rows older than this are purged daily; 0 keeps them forever. */
    private int retentionDays = 90;
    /** Rows waiting for the background writer before callers write their own rows synchronously. */
    private int queueCapacity = 10_000;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getRetentionDays() {
        return retentionDays;
    }

    public void setRetentionDays(int retentionDays) {
        this.retentionDays = retentionDays;
    }

    public int getQueueCapacity() {
        return queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }
}
