package com.dbadmin.ops.health;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Duration;

/**
 * db-admin.health.*: how health is checked and who sees its details.
 *
 * @param detailsVisible        auto (details for authenticated callers when authentication is on, for everyone
 *                              when it is off), authenticated, anonymous, never
 * @param databaseTimeout       longest a health check waits for the database before reporting it DOWN
 * @param databaseProbeInterval how often the database is probed in the background (db_admin_database_up,
 *                              state-change logs); declared here for its check, read by the schedule of
 *                              {@link DatabaseProbe}
 * @param backgroundProbe       off in Lambda: a frozen sandbox has no use for a background probe holding a
 *                              pool connection
 * @param backupMaxAge          older than this, the last successful backup makes lastBackup DEGRADED (daily
 *                              schedule plus margin)
 */
@Context // bound and validated at start-up: a bad value stops the server before it serves anything
@ConfigurationProperties("db-admin.health")
record HealthSettings(
        @Bindable(defaultValue = "auto")
        @Pattern(regexp = "(?i)\\s*(auto|authenticated|anonymous|never)?\\s*",
                message = "DB_ADMIN_HEALTH_DETAILS (db-admin.health.details-visible) must be auto, authenticated,"
                        + " anonymous or never, not '{validatedValue}'")
        String detailsVisible,
        @Bindable(defaultValue = "2s")
        @NotNull(message = "DB_ADMIN_HEALTH_DB_TIMEOUT (db-admin.health.database-timeout) must be a duration such as 2s")
        Duration databaseTimeout,
        @Bindable(defaultValue = "10s")
        @NotNull(message = "DB_ADMIN_HEALTH_DB_INTERVAL (db-admin.health.database-probe-interval) must be a duration"
                + " such as 10s")
        Duration databaseProbeInterval,
        @Bindable(defaultValue = "true") boolean backgroundProbe,
        @Bindable(defaultValue = "26h")
        @NotNull(message = "DB_ADMIN_BACKUP_MAX_AGE (db-admin.health.backup-max-age) must be a duration such as 26h")
        Duration backupMaxAge) {
}
