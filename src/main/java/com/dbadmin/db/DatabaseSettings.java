package com.dbadmin.db;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Duration;

/**
 * db-admin.database.*: where the database is and how the pool is sized.
 *
 * @param loadDemo  load the demo schema into a configured database too (tests, benchmarks); embedded runs always do
 * @param secretArn Secrets Manager secret (ARN or name) holding {@code username} and {@code password}; overrides
 *                  the URL's
 * @param pooler    what sits in front of PostgreSQL: auto (detect), none, transaction or session
 * @param behindPooler DB_ADMIN_BEHIND_POOLER, the switch the deployment documents name: {@code true} means
 *                  transaction pooling, {@code false} none; DB_ADMIN_POOLER wins when it is set to a mode
 * @param directUrl a URL straight to PostgreSQL for backups and restores when {@code url} goes through a
 *                  transaction pooler; without credentials of its own it uses those of {@code url} (or the secret)
 * @param readReplicaUrl    DB_ADMIN_READ_REPLICA_URL: a streaming replica read-only tools use (same login as the
 *                          primary unless the URL names one)
 * @param readReplicaMaxLag DB_ADMIN_READ_REPLICA_MAX_LAG: a replica further behind than this serves no reads
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
        @Nullable String secretArn,
        @Bindable(defaultValue = "auto")
        @Pattern(regexp = "(?i)auto|none|transaction|session", message = "DB_ADMIN_POOLER (db-admin.database.pooler)"
                + " must be auto, none, transaction or session, not {validatedValue}")
        String pooler,
        @Bindable(defaultValue = "auto")
        @Pattern(regexp = "(?i)auto|true|false", message = "DB_ADMIN_BEHIND_POOLER (db-admin.database.behind-pooler)"
                + " must be true or false, not {validatedValue}")
        String behindPooler,
        @Nullable String directUrl,
        @Nullable String readReplicaUrl,
        @Bindable(defaultValue = "30s")
        @NotNull(message = "DB_ADMIN_READ_REPLICA_MAX_LAG (db-admin.database.read-replica-max-lag) must be a"
                + " duration such as 30s")
        Duration readReplicaMaxLag) {

    /** The pooler mode to use: DB_ADMIN_POOLER when it names one, else what DB_ADMIN_BEHIND_POOLER says, else auto. */
    String poolerMode() {
        if (!"auto".equalsIgnoreCase(pooler) || "auto".equalsIgnoreCase(behindPooler)) {
            return pooler;
        }
        return Boolean.parseBoolean(behindPooler) ? "transaction" : "none";
    }

    boolean hasSecret() {
        return secretArn != null && !secretArn.isBlank();
    }

    boolean hasReadReplica() {
        return readReplicaUrl != null && !readReplicaUrl.isBlank();
    }

    boolean isConfigured() {
        return url != null && !url.isBlank();
    }

    boolean hasDirectUrl() {
        return directUrl != null && !directUrl.isBlank();
    }

    /** Keeps the password out of logs and error messages. */
    @Override
    public String toString() {
        return "DatabaseSettings[url=" + (isConfigured() ? "(set)" : "(embedded)") + ", poolSize=" + poolSize
                + ", loadDemo=" + loadDemo + ", secretArn=" + secretArn + ", pooler=" + poolerMode() + ", directUrl="
                + (hasDirectUrl() ? "(set)" : "(none)") + ", readReplica="
                + (hasReadReplica() ? "(set)" : "(none)") + "]";
    }
}
