package com.dbadmin.audit;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Runs the audit retention shortly after start and then every 6 hours in a long-running server. Not in Lambda:
 * a timer in a sandbox that is frozen between invocations fires at random, or never; the scheduled function
 * runs the purge there.
 */
@Singleton
@Requires(notEnv = "lambda")
class AuditRetentionTimer {
    private static final Logger LOG = LoggerFactory.getLogger(AuditRetentionTimer.class);

    private final AuditRetention retention;

    AuditRetentionTimer(AuditRetention retention) {
        this.retention = retention;
    }

    @Scheduled(initialDelay = "2m", fixedDelay = "6h")
    void purge() {
        try {
            retention.purge(Instant.now());
        } catch (RuntimeException e) {
            LOG.warn("Audit retention purge failed; it runs again in 6 hours: {}", e.getClass().getSimpleName());
        }
    }
}
