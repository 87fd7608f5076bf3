package com.dbadmin.ops.health;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** db-admin.health.*: how health is checked and who sees its details. */
@ConfigurationProperties("db-admin.health")
class HealthSettings {
    /** auto (details for authenticated callers when authentication is on, for everyone when it is off), authenticated, anonymous, never. */
    private String detailsVisible = "auto";
    /** Longest a health check waits for the database before reporting it DOWN. */
    private Duration databaseTimeout = Duration.ofSeconds(2);
    /** How often the database is probed in the background (db_admin_database_up, state-change logs). */
    private Duration databaseProbeInterval = Duration.ofSeconds(10);
    /** Off in Lambda: a frozen sandbox has no use for a background probe holding a pool connection. */
    private boolean backgroundProbe = true;
    /** Older than this, the last successful backup makes lastBackup DEGRADED (daily schedule plus margin). */
    private Duration backupMaxAge = Duration.ofHours(26);

    public String getDetailsVisible() {
        return detailsVisible;
    }

    public void setDetailsVisible(String detailsVisible) {
        this.detailsVisible = detailsVisible;
    }

    public Duration getDatabaseTimeout() {
        return databaseTimeout;
    }

    public void setDatabaseTimeout(Duration databaseTimeout) {
        this.databaseTimeout = databaseTimeout;
    }

    public Duration getDatabaseProbeInterval() {
        return databaseProbeInterval;
    }

    public void setDatabaseProbeInterval(Duration databaseProbeInterval) {
        this.databaseProbeInterval = databaseProbeInterval;
    }

    public boolean isBackgroundProbe() {
        return backgroundProbe;
    }

    public void setBackgroundProbe(boolean backgroundProbe) {
        this.backgroundProbe = backgroundProbe;
    }

    public Duration getBackupMaxAge() {
        return backupMaxAge;
    }

    public void setBackupMaxAge(Duration backupMaxAge) {
        this.backupMaxAge = backupMaxAge;
    }
}
