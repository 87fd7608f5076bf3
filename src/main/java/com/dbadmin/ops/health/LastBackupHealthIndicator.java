package com.dbadmin.ops.health;

import com.dbadmin.ops.BackupStatusSource;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code lastBackup} in /health: when the newest successful backup finished and how old it is.
 * DEGRADED once it is older than {@code db-admin.health.backup-max-age}; UP before the first backup
 * (a new installation is not unhealthy), with {@code lastSuccess: null}.
 */
@Singleton
public class LastBackupHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
    public static final String NAME = "lastBackup";

    private final BackupStatusSource backups;
    private final Duration maxAge;

    public LastBackupHealthIndicator(BackupStatusSource backups, HealthSettings settings) {
        this.backups = backups;
        this.maxAge = settings.getBackupMaxAge();
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Optional<Instant> last = backups.lastSuccess();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("lastSuccess", last.map(Instant::toString).orElse(null));
        details.put("maxAgeSeconds", maxAge.toSeconds());
        healthStatus = HealthStatus.UP;
        if (last.isEmpty()) {
            details.put("note", "no successful backup yet");
            return details;
        }
        Duration age = Duration.between(last.get(), Instant.now());
        details.put("ageSeconds", Math.max(0, age.toSeconds()));
        details.put("age", HumanUnits.duration(age));
        if (age.compareTo(maxAge) > 0) {
            healthStatus = Degraded.STATUS;
            details.put("problem", "the last successful backup is older than " + HumanUnits.duration(maxAge));
        }
        return details;
    }

    @Override
    protected String getName() {
        return NAME;
    }
}
