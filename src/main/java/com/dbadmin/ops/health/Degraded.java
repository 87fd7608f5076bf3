package com.dbadmin.ops.health;

import io.micronaut.health.HealthStatus;

/**
 * A health status for "serving, but needs an operator": a secondary database is down, backups cannot be written, the store is
 * nearly full, the last backup is too old. It outranks UP in the aggregate (so {@code /health} shows
 * it) but is not DOWN: HTTP 200, and readiness keeps the instance in service, because a backup
 * problem must not take the tools offline. Alerts (BackupFailure, NoRecentBackup, BackupDisk*) page.
 */
final class Degraded {
    public static final HealthStatus STATUS = new HealthStatus("DEGRADED",
            "serving, but backups or a secondary database need attention", null, null);

    private Degraded() {
    }
}
