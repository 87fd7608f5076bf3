package com.dbadmin.ops.health;

import com.dbadmin.ops.BackupStatusSource;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/** {@code backupStore} in /health: where backups go, free and used space, whether it is writable. */
@Singleton
class BackupStoreHealthIndicator extends BlockingHealthIndicator {
    public static final String NAME = "backupStore";
    /** Below this share of free space the next full backup may fail (the BackupDiskCritical threshold). */
    static final double CRITICAL_FREE_RATIO = 0.05;

    private final BackupStatusSource backups;

    public BackupStoreHealthIndicator(BackupStatusSource backups, @Named(TaskExecutors.IO) ExecutorService executor) {
        super(executor);
        this.backups = backups;
    }

    @Override
    protected HealthResult check() {
        try {
            return inspect();
        } catch (RuntimeException e) {
            return HealthResult.builder(NAME, Degraded.STATUS)
                    .details(Map.of("location", backups.location(), "problem", "cannot inspect the backup store: " + e.getMessage()))
                    .build();
        }
    }

    private HealthResult inspect() {
        boolean writable = backups.writable();
        long free = backups.freeBytes();
        long total = backups.totalBytes();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("location", backups.location());
        details.put("writable", writable);
        boolean nearlyFull = false;
        if (free >= 0 && total > 0) {
            long used = Math.max(0, total - free);
            double freeRatio = (double) free / total;
            nearlyFull = freeRatio < CRITICAL_FREE_RATIO;
            details.put("freeBytes", free);
            details.put("usedBytes", used);
            details.put("totalBytes", total);
            details.put("free", HumanUnits.human(free));
            details.put("used", HumanUnits.human(used));
            details.put("freePercent", Math.round(freeRatio * 1000) / 10.0);
        }
        if (!writable) {
            details.put("problem", "backups cannot be written to " + backups.location());
        } else if (nearlyFull) {
            details.put("problem", "less than " + (int) (CRITICAL_FREE_RATIO * 100) + "% of the backup store is free");
        }
        return HealthResult.builder(NAME, writable && !nearlyFull ? HealthStatus.UP : Degraded.STATUS).details(details).build();
    }
}
