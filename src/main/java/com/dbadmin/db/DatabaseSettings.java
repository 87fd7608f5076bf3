package com.dbadmin.db;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;

/**
 * db-admin.database.*: where the database is and how the pool is sized.
 *
 * @param loadDemo  load the demo schema into a configured database too (tests, benchmarks); embedded runs always do
 * @param secretArn Secrets Manager secret (ARN or name) holding {@code username} and {@code password}; overrides
 *                  the URL's
 */
@Context // bound and validated at start-up: a bad value stops the server before it serves anything
@ConfigurationProperties("db-admin.database")
record DatabaseSettings(
        @Nullable String url,
        @Nullable String username,
        @Nullable String password,
        @Bindable(defaultValue = "10")
        @Min(value = 1, message = "DB_ADMIN_POOL_SIZE (db-admin.database.pool-size) must be at least 1, not {validatedValue}")
        int poolSize,
        @Bindable(defaultValue = "false") boolean loadDemo,
        @Nullable String secretArn) {

    boolean hasSecret() {
        return secretArn != null && !secretArn.isBlank();
    }

    boolean isConfigured() {
        return url != null && !url.isBlank();
    }

    /** Keeps the password out of logs and error messages. */
    @Override
    public String toString() {
        return "DatabaseSettings[url=" + (isConfigured() ? "(set)" : "(embedded)") + ", poolSize=" + poolSize
                + ", loadDemo=" + loadDemo + ", secretArn=" + secretArn + "]";
    }
}
