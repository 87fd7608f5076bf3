package com.dbadmin.backup;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * db-admin.backup.*: where backups go (BACKUP_DIR or S3), how they are compressed and encrypted,
 * the schedule (BACKUP_SCHEDULE_ENABLED, BACKUP_CRON_SCHEDULE) and retention (BACKUP_RETENTION_DAYS).
 */
@ConfigurationProperties("db-admin.backup")
public class BackupSettings {
    private String dir = "backups";
    /** local or s3; blank picks s3 when a bucket is configured, else local. */
    private String store;
    private int retentionDays = 30;
    /** gzip or none. */
    private String compression = "gzip";
    private int compressionLevel = 6;
    /** Base64 of 32 random bytes; blank leaves backups unencrypted. */
    private String encryptionKey;
    /** Older keys (comma-separated base64) still accepted for reading backups after a key rotation. */
    private String previousKeys;
    /** Replaces the per-statement timeout for backups, restores, imports and exports (0 = none). */
    private Duration statementTimeout = Duration.ofHours(6);
    /** How long a backup waits for the share locks that keep DDL out while it reads the catalogue. */
    private Duration lockTimeout = Duration.ofSeconds(60);
    private Schedule schedule = new Schedule();
    private S3 s3 = new S3();

    public String getDir() {
        return dir;
    }

    public void setDir(String dir) {
        this.dir = dir;
    }

    public String getStore() {
        return store;
    }

    public void setStore(String store) {
        this.store = store;
    }

    public boolean usesS3() {
        if (store == null || store.isBlank()) {
            return s3.getBucket() != null && !s3.getBucket().isBlank();
        }
        return store.trim().equalsIgnoreCase("s3");
    }

    public int getRetentionDays() {
        return retentionDays;
    }

    public void setRetentionDays(int retentionDays) {
        this.retentionDays = retentionDays;
    }

    public String getCompression() {
        return compression;
    }

    public void setCompression(String compression) {
        this.compression = compression;
    }

    /** Whether backups are compressed when the caller does not say (BACKUP_COMPRESSION). */
    public boolean compressByDefault() {
        String value = compression == null ? "gzip" : compression.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (value) {
            case "", "gzip" -> true;
            case "none" -> false;
            default -> throw new io.micronaut.context.exceptions.ConfigurationException("BACKUP_COMPRESSION must be"
                    + " gzip or none, not '" + compression + "'");
        };
    }

    public int getCompressionLevel() {
        return compressionLevel;
    }

    public void setCompressionLevel(int compressionLevel) {
        this.compressionLevel = compressionLevel;
    }

    public String getEncryptionKey() {
        return encryptionKey;
    }

    public void setEncryptionKey(String encryptionKey) {
        this.encryptionKey = encryptionKey;
    }

    public String getPreviousKeys() {
        return previousKeys;
    }

    public void setPreviousKeys(String previousKeys) {
        this.previousKeys = previousKeys;
    }

    public Duration getStatementTimeout() {
        return statementTimeout;
    }

    public void setStatementTimeout(Duration statementTimeout) {
        this.statementTimeout = statementTimeout;
    }

    public Duration getLockTimeout() {
        return lockTimeout;
    }

    public void setLockTimeout(Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
    }

    public Schedule getSchedule() {
        return schedule;
    }

    public void setSchedule(Schedule schedule) {
        this.schedule = schedule;
    }

    public S3 getS3() {
        return s3;
    }

    public void setS3(S3 s3) {
        this.s3 = s3;
    }

    /** db-admin.backup.schedule.*: full backups inside the server on a cron. */
    @ConfigurationProperties("schedule")
    public static class Schedule {
        private boolean enabled;
        /** Five fields (minute hour day month weekday) as in crontab, or six with seconds first. */
        private String cron = "0 2 * * *";
        /** Time zone the cron is read in. */
        private String zone = "UTC";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getCron() {
            return cron;
        }

        public void setCron(String cron) {
            this.cron = cron;
        }

        public String getZone() {
            return zone;
        }

        public void setZone(String zone) {
            this.zone = zone;
        }
    }

    /** db-admin.backup.s3.*: the S3 (or S3-compatible) store. */
    @ConfigurationProperties("s3")
    public static class S3 {
        private String bucket;
        private String prefix = "";
        /** Endpoint override for S3-compatible servers (MinIO, moto); blank for AWS. */
        private String endpoint;
        private String region;
        /** Server-side encryption requested on every object: AES256 or aws:kms; blank for the bucket default. */
        private String sse;
        private String kmsKeyId;
        /** Path-style addressing (needed by most S3-compatible servers); on by default with an endpoint. */
        private Boolean pathStyle;
        /** Static credentials for S3-compatible servers; blank uses the default AWS provider chain. */
        private String accessKeyId;
        private String secretAccessKey;
        /** Multipart part size in bytes (S3 minimum 5 MiB); one part is buffered in memory. */
        private int partSize = 8 * 1024 * 1024;

        public String getBucket() {
            return bucket;
        }

        public void setBucket(String bucket) {
            this.bucket = bucket;
        }

        public String getPrefix() {
            return prefix;
        }

        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }

        public String getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(String endpoint) {
            this.endpoint = endpoint;
        }

        public String getRegion() {
            return region;
        }

        public void setRegion(String region) {
            this.region = region;
        }

        public String getSse() {
            return sse;
        }

        public void setSse(String sse) {
            this.sse = sse;
        }

        public String getKmsKeyId() {
            return kmsKeyId;
        }

        public void setKmsKeyId(String kmsKeyId) {
            this.kmsKeyId = kmsKeyId;
        }

        public Boolean getPathStyle() {
            return pathStyle;
        }

        public void setPathStyle(Boolean pathStyle) {
            this.pathStyle = pathStyle;
        }

        public String getAccessKeyId() {
            return accessKeyId;
        }

        public void setAccessKeyId(String accessKeyId) {
            this.accessKeyId = accessKeyId;
        }

        public String getSecretAccessKey() {
            return secretAccessKey;
        }

        public void setSecretAccessKey(String secretAccessKey) {
            this.secretAccessKey = secretAccessKey;
        }

        public int getPartSize() {
            return partSize;
        }

        public void setPartSize(int partSize) {
            this.partSize = partSize;
        }
    }
}
