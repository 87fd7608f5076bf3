package com.dbadmin.ops.health;

import com.dbadmin.ops.BackupStatusSource;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * {@code lastBackup} in /health: when the newest successful backup finished and how old it is.
 * DEGRADED once it is older than {@code db-admin.health.backup-max-age}; UP before the first backup
 * (a new installation is not unhealthy), with {@code lastSuccess: null}.
 */
@Singleton
class LastBackupHealthIndicator extends BlockingHealthIndicator {
    public static final String NAME = "lastBackup";

    private final BackupStatusSource backups;
    private final Duration maxAge;
    private final Clock clock;

    public LastBackupHealthIndicator(BackupStatusSource backups, HealthSettings settings, Clock clock,
                                     @Named(TaskExecutors.IO) ExecutorService executor) {
        super(executor);
        this.backups = backups;
        this.maxAge = settings.backupMaxAge();
        this.clock = clock;
    }

    @Override
    protected HealthResult check() {
        Optional<Instant> last;
        try {
            last = backups.lastSuccess();
        } catch (RuntimeException e) {
            return HealthResult.builder(NAME, Degraded.STATUS)
                    .details(Map.of("problem", "cannot read the backup list: " + e.getMessage())).build();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("lastSuccess", last.map(Instant::toString).orElse(null));
        details.put("maxAgeSeconds", maxAge.toSeconds());
        if (last.isEmpty()) {
            details.put("note", "no successful backup yet");
            return HealthResult.builder(NAME, HealthStatus.UP).details(details).build();
        }
        Duration age = Duration.between(last.get(), clock.instant());
        details.put("ageSeconds", Math.max(0, age.toSeconds()));
        details.put("age", HumanUnits.duration(age));
        HealthStatus status = HealthStatus.UP;
        if (age.compareTo(maxAge) > 0) {
            status = Degraded.STATUS;
            details.put("problem", "the last successful backup is older than " + HumanUnits.duration(maxAge));
        }
        return HealthResult.builder(NAME, status).details(details).build();
    }
}
