package com.dbadmin.backup;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Duration;
import java.util.Locale;

/**
 * db-admin.backup.*: where backups go (BACKUP_DIR, by default {@code backups} in the user data folder, or S3), how they are compressed and encrypted,
 * the schedule (BACKUP_SCHEDULE_ENABLED, BACKUP_CRON_SCHEDULE) and retention (BACKUP_RETENTION_DAYS).
 * The keys are checked by {@link BackupKeys}, the cron and zone by {@link BackupScheduler}.
 *
 * @param store            local or s3; blank picks s3 when a bucket is configured, else local
 * @param retentionDays    backups older than this are deleted after each successful backup; 0 keeps them all
 * @param compression      gzip or none (blank: gzip), the default when a caller does not say
 * @param encryptionKey    base64 of 32 random bytes; blank leaves backups unencrypted
 * @param previousKeys     older keys (comma-separated base64) still accepted for reading backups after a key rotation
 * @param signingKey       base64 of at least 32 bytes that authenticates backups; blank: derived from the encryption
 *                         key, else generated into {@code signingKeyFile} on the first backup
 * @param previousSigningKeys older signing keys (comma-separated base64) whose backups still restore
 * @param signingKeyFile   where a generated signing key is kept (blank: backup-signing.key beside the embedded data)
 * @param statementTimeout replaces the per-statement timeout for backups, restores, imports and exports (0 = none)
 * @param lockTimeout      how long a backup waits for the share locks that keep DDL out while it reads the catalogue
 */
@Context // bound and validated at start-up: a bad value stops the server before it serves anything
@ConfigurationProperties("db-admin.backup")
public record BackupSettings(
        @Nullable String dir,
        @Nullable
        @Pattern(regexp = "(?i)\\s*(local|s3)?\\s*",
                message = "BACKUP_STORE (db-admin.backup.store) must be local, s3 or empty (s3 when BACKUP_S3_BUCKET"
                        + " is set), not '{validatedValue}'")
        String store,
        @Bindable(defaultValue = "30")
        @Min(value = 0, message = "BACKUP_RETENTION_DAYS (db-admin.backup.retention-days) must be 0 (keep every"
                + " backup) or a positive number of days, not {validatedValue}")
        int retentionDays,
        @Bindable(defaultValue = "gzip")
        @Nullable
        @Pattern(regexp = "(?i)\\s*(gzip|none)?\\s*",
                message = "BACKUP_COMPRESSION (db-admin.backup.compression) must be gzip or none,"
                        + " not '{validatedValue}'")
        String compression,
        @Bindable(defaultValue = "6")
        @Min(value = 1, message = COMPRESSION_LEVEL_RANGE) @Max(value = 9, message = COMPRESSION_LEVEL_RANGE)
        int compressionLevel,
        @Nullable String encryptionKey,
        @Nullable String previousKeys,
        @Nullable String signingKey,
        @Nullable String previousSigningKeys,
        @Nullable String signingKeyFile,
        @Bindable(defaultValue = "6h")
        @NotNull(message = "DB_ADMIN_BACKUP_STATEMENT_TIMEOUT (db-admin.backup.statement-timeout) must be a"
                + " duration such as 6h")
        Duration statementTimeout,
        @Bindable(defaultValue = "60s")
        @NotNull(message = "DB_ADMIN_BACKUP_LOCK_TIMEOUT (db-admin.backup.lock-timeout) must be a duration such as 60s")
        Duration lockTimeout,
        Schedule schedule,
        S3 s3) {

    private static final String COMPRESSION_LEVEL_RANGE = "BACKUP_COMPRESSION_LEVEL (db-admin.backup.compression-level)"
            + " must be a deflate level from 1 to 9, not {validatedValue}";

    public boolean usesS3() {
        if (store == null || store.isBlank()) {
            return s3.hasBucket();
        }
        return store.trim().equalsIgnoreCase("s3");
    }

    /** Whether backups are compressed when the caller does not say (BACKUP_COMPRESSION). */
    public boolean compressByDefault() {
        return compression == null || !compression.trim().toLowerCase(Locale.ROOT).equals("none");
    }

    /** Keeps the keys out of logs and error messages. */
    @Override
    public String toString() {
        return "BackupSettings[dir=" + dir + ", store=" + store + ", retentionDays=" + retentionDays
                + ", compression=" + compression + ", compressionLevel=" + compressionLevel
                + ", encryptionKey=" + (blank(encryptionKey) ? "(unset)" : "(set)")
                + ", previousKeys=" + (blank(previousKeys) ? "(unset)" : "(set)")
                + ", signingKey=" + (blank(signingKey) ? "(unset)" : "(set)")
                + ", previousSigningKeys=" + (blank(previousSigningKeys) ? "(unset)" : "(set)")
                + ", signingKeyFile=" + signingKeyFile
                + ", statementTimeout=" + statementTimeout + ", lockTimeout=" + lockTimeout
                + ", schedule=" + schedule + ", s3=" + s3 + "]";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * db-admin.backup.schedule.*: full backups inside the server on a cron.
     *
     * @param cron five fields (minute hour day month weekday) as in crontab, or six with seconds first
     * @param zone time zone the cron is read in
     */
    @ConfigurationProperties("schedule")
    public record Schedule(
            @Bindable(defaultValue = "false") boolean enabled,
            @Bindable(defaultValue = "0 2 * * *") String cron,
            @Bindable(defaultValue = "UTC") String zone) {
    }

    /**
     * db-admin.backup.s3.*: the S3 (or S3-compatible) store.
     *
     * @param endpoint        endpoint override for S3-compatible servers (MinIO, moto); blank for AWS
     * @param sse             server-side encryption requested on every object: AES256 or aws:kms (checked by
     *                        the store); blank for the bucket default
     * @param pathStyle       path-style addressing (needed by most S3-compatible servers); on by default with an
     *                        endpoint
     * @param accessKeyId     static credentials for S3-compatible servers; blank uses the default AWS provider chain
     * @param partSize        multipart part size in bytes (raised to the S3 minimum of 5 MiB); one part is
     *                        buffered in memory
     */
    @ConfigurationProperties("s3")
    public record S3(
            @Nullable String bucket,
            @Bindable(defaultValue = "") @Nullable String prefix,
            @Nullable String endpoint,
            @Nullable String region,
            @Nullable String sse,
            @Nullable String kmsKeyId,
            @Nullable Boolean pathStyle,
            @Nullable String accessKeyId,
            @Nullable String secretAccessKey,
            @Bindable(defaultValue = "8388608") int partSize) {

        public S3 {
            prefix = prefix == null ? "" : prefix;
        }

        boolean hasBucket() {
            return !blank(bucket);
        }

        /** Keeps the secret access key out of logs and error messages. */
        @Override
        public String toString() {
            return "S3[bucket=" + bucket + ", prefix=" + prefix + ", endpoint=" + endpoint + ", region=" + region
                    + ", sse=" + sse + ", kmsKeyId=" + kmsKeyId + ", pathStyle=" + pathStyle
                    + ", accessKeyId=" + accessKeyId
                    + ", secretAccessKey=" + (blank(secretAccessKey) ? "(unset)" : "(set)")
                    + ", partSize=" + partSize + "]";
        }
    }
}
