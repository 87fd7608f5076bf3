package com.dbadmin.guard;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * db-admin.rate-limit.*: calls each principal may make per window (DB_ADMIN_RATE_LIMIT per minute).
 *
 * @param requests calls per window; 0 disables the limit
 */
@Context // bound and validated at start-up: a bad value stops the server before it serves anything
@ConfigurationProperties("db-admin.rate-limit")
record RateLimitSettings(
        @Bindable(defaultValue = "100")
        @Min(value = 0, message = "DB_ADMIN_RATE_LIMIT (db-admin.rate-limit.requests) must be 0 (no limit) or a"
                + " positive number of calls per window, not {validatedValue}")
        long requests,
        @Bindable(defaultValue = "1m")
        @NotNull(message = "DB_ADMIN_RATE_LIMIT_WINDOW (db-admin.rate-limit.window) must be a duration such as 1m")
        Duration window) {

    boolean isEnabled() {
        return requests > 0 && !window.isZero() && !window.isNegative();
    }
}
