package com.dbadmin.guard;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * Size and time limits applied to every call (db-admin.limits.*, DB_ADMIN_* environment names).
 *
 * @param maxAffectedRows most rows one update or delete call may change (1000, the batch size cap: a caller who
 *                        means more splits the work); 0 disables the guard
 * @param maxLongOperations most backups, restores, exports and imports running at once (they hold a pooled
 *                          connection for long); capped one below the pool size
 */
@Context // bound and validated at start-up: a bad value stops the server before it serves anything
@ConfigurationProperties("db-admin.limits")
public record Limits(
        @Bindable(defaultValue = "1000")
        @Min(value = 1, message = "DB_ADMIN_MAX_BATCH_SIZE (db-admin.limits.max-batch-size) must be at least 1,"
                + " not {validatedValue}")
        int maxBatchSize,
        @Bindable(defaultValue = "1000")
        @Min(value = 1, message = "DB_ADMIN_MAX_ROWS (db-admin.limits.max-rows) must be at least 1,"
                + " not {validatedValue}")
        int maxRows,
        @Bindable(defaultValue = "100")
        @Min(value = 1, message = "DB_ADMIN_DEFAULT_LIMIT (db-admin.limits.default-limit) must be at least 1,"
                + " not {validatedValue}")
        int defaultLimit,
        @Bindable(defaultValue = "30s")
        @NotNull(message = "DB_ADMIN_STATEMENT_TIMEOUT (db-admin.limits.statement-timeout) must be a duration"
                + " such as 30s")
        Duration statementTimeout,
        @Bindable(defaultValue = "1000")
        @Min(value = 0, message = "DB_ADMIN_MAX_AFFECTED_ROWS (db-admin.limits.max-affected-rows) must be 0 (no"
                + " limit) or a positive number of rows, not {validatedValue}")
        long maxAffectedRows,
        @Bindable(defaultValue = "2")
        @Min(value = 1, message = "DB_ADMIN_MAX_LONG_OPERATIONS (db-admin.limits.max-long-operations) must be at"
                + " least 1, not {validatedValue}")
        int maxLongOperations) {
}
