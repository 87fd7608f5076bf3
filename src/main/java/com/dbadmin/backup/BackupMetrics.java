package com.dbadmin.backup;

import com.dbadmin.backup.format.BackupType;
import com.dbadmin.backup.store.BackupStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backup metrics (Prometheus names in brackets):
 * <ul>
 *   <li>{@code db.admin.backups} counter, tags type and outcome=success|failure [db_admin_backups_total]</li>
 *   <li>{@code db.admin.backup.duration} timer, tag type [db_admin_backup_duration_seconds_*]</li>
 *   <li>{@code db.admin.backup.size.bytes} gauge, tag type: size of the last backup [db_admin_backup_size_bytes]</li>
 *   <li>{@code db.admin.backup.last.success.timestamp.seconds} gauge, 0 before any
 *       [db_admin_backup_last_success_timestamp_seconds]</li>
 *   <li>{@code db.admin.backup.store.free.bytes} / {@code .total.bytes} gauges, disk stores only
 *       [db_admin_backup_store_free_bytes / _total_bytes]</li>
 * </ul>
 * Every series exists from the start (zero) so alerts see the first failure and dashboards have no gaps.
 */
@Singleton
class BackupMetrics {
    private static final List<BackupType> TYPES = List.of(BackupType.FULL, BackupType.TABLE, BackupType.INCREMENTAL);

    private final MeterRegistry registry;
    private final Map<BackupType, AtomicLong> lastSize = new ConcurrentHashMap<>();

    public BackupMetrics(@Nullable MeterRegistry registry, BackupStatus status, BackupStore store) {
        this.registry = registry == null ? new SimpleMeterRegistry() : registry;
        for (BackupType type : TYPES) {
            counter(type, "success");
            counter(type, "failure");
            timer(type);
            lastSize(type);
        }
        Gauge.builder("db.admin.backup.last.success.timestamp.seconds", status,
                        s -> s.lastSuccess().map(i -> i.toEpochMilli() / 1000.0).orElse(0.0))
                .description("When the last successful full or incremental backup was taken (Unix time)")
                .register(this.registry);
        if (store.space().isPresent()) {
            Gauge.builder("db.admin.backup.store.free.bytes", store,
                            s -> s.space().map(space -> (double) space.freeBytes()).orElse(Double.NaN))
                    .description("Free space where backups are written").register(this.registry);
            Gauge.builder("db.admin.backup.store.total.bytes", store,
                            s -> s.space().map(space -> (double) space.totalBytes()).orElse(Double.NaN))
                    .description("Size of the volume backups are written to").register(this.registry);
        }
    }

    public void success(BackupType type, Duration duration, long sizeBytes) {
        counter(type, "success").increment();
        timer(type).record(duration);
        lastSize(type).set(sizeBytes);
    }

    private AtomicLong lastSize(BackupType type) {
        return lastSize.computeIfAbsent(type, t -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder("db.admin.backup.size.bytes", holder, AtomicLong::get).tag("type", t.id())
                    .description("Size of the last backup of this type as stored (0 before the first)")
                    .register(registry);
            return holder;
        });
    }

    public void failure(BackupType type, Duration duration) {
        counter(type, "failure").increment();
        timer(type).record(duration);
    }

    private Counter counter(BackupType type, String outcome) {
        return Counter.builder("db.admin.backups").tag("type", type.id()).tag("outcome", outcome)
                .description("Backups by type and outcome").register(registry);
    }

    private Timer timer(BackupType type) {
        return Timer.builder("db.admin.backup.duration").tag("type", type.id())
                .description("How long backups take").register(registry);
    }
}
