package com.dbadmin.audit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;

/**
 * db-admin.audit.*: DB_ADMIN_AUDIT_LOG_ENABLED and DB_ADMIN_AUDIT_RETENTION_DAYS.
 *
 * @param retentionDays rows older than this are purged daily; 0 keeps them forever
 * @param queueCapacity rows waiting for the background writer before callers write their own rows synchronously
 */
@Context // bound and validated at start-up: a bad value stops the server before it serves anything
@ConfigurationProperties("db-admin.audit")
record AuditSettings(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "90")
        @Min(value = 0, message = "DB_ADMIN_AUDIT_RETENTION_DAYS (db-admin.audit.retention-days) must be 0 (keep"
                + " forever) or a positive number of days, not {validatedValue}")
        int retentionDays,
        @Bindable(defaultValue = "10000")
        @Min(value = 1, message = "db-admin.audit.queue-capacity must be at least 1, not {validatedValue}")
        int queueCapacity) {
}
