package com.dbadmin.audit;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * Purges audit rows older than DB_ADMIN_AUDIT_RETENTION_DAYS. A long-running server does it on a timer
 * ({@link AuditRetentionTimer}); Lambda, whose sandboxes are frozen between invocations, from a schedule.
 */
@Singleton
public class AuditRetention {
    private static final Logger LOG = LoggerFactory.getLogger(AuditRetention.class);

    private final AuditSettings settings;
    private final AuditLogRepository repository;

    public AuditRetention(AuditSettings settings, AuditLogRepository repository) {
        this.settings = settings;
        this.repository = repository;
    }

    public int retentionDays() {
        return settings.retentionDays();
    }

    /** Deletes rows older than the retention period before {@code now}; returns how many (0 when disabled). */
    public long purge(Instant now) {
        if (settings.retentionDays() <= 0) {
            return 0;
        }
        long deleted = repository.deleteByTimestampBefore(now.minus(Duration.ofDays(settings.retentionDays())));
        if (deleted > 0) {
            LOG.info("Audit retention: purged {} rows older than {} days", deleted, settings.retentionDays());
        }
        return deleted;
    }
}
