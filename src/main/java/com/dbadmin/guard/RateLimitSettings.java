package com.dbadmin.guard;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/** db-admin.rate-limit.*: calls each principal may make per window (DB_ADMIN_RATE_LIMIT per minute). */
@ConfigurationProperties("db-admin.rate-limit")
class RateLimitSettings {
    /** 0 disables the limit. */
    private long requests = 100;
    private Duration window = Duration.ofMinutes(1);

    public long getRequests() {
        return requests;
    }

    public void setRequests(long requests) {
        this.requests = requests;
    }

    public Duration getWindow() {
        return window;
    }

    public void setWindow(Duration window) {
        this.window = window;
    }

    public boolean isEnabled() {
        return requests > 0 && window != null && !window.isZero() && !window.isNegative();
    }
}
