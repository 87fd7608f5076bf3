package com.dbadmin.backup;

import com.dbadmin.backup.format.BackupType;
import com.dbadmin.backup.format.Manifest;
import com.dbadmin.backup.store.BackupStore;
import com.dbadmin.ops.BackupStatusSource;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The backup state health checks and metrics read. The last success survives restarts: until this
 * process has made a backup, it is the newest complete full or incremental backup in the store
 * (looked up once, retried at most every five minutes when the store cannot be read).
 */
@Singleton
class BackupStatus implements BackupStatusSource {
    private static final Logger LOG = LoggerFactory.getLogger(BackupStatus.class);
    private static final Duration RETRY_LOOKUP = Duration.ofMinutes(5);

    private final BackupStore store;
    private final BackupInventory inventory;
    private volatile Instant lastSuccess;
    private volatile String lastSuccessName;
    private volatile boolean lookedUp;
    private volatile Instant lookupFailedAt;

    public BackupStatus(BackupStore store, BackupInventory inventory) {
        this.store = store;
        this.inventory = inventory;
    }

    @Override
    public Optional<Instant> lastSuccess() {
        lookUpOnce();
        return Optional.ofNullable(lastSuccess);
    }

    /** The data file name of the last successful backup. */
    public Optional<String> lastSuccessName() {
        lookUpOnce();
        return Optional.ofNullable(lastSuccessName);
    }

    /** Called after each successful full or incremental backup. */
    public synchronized void recordSuccess(Manifest manifest) {
        Instant created = manifest.createdAt();
        if (lastSuccess == null || created.isAfter(lastSuccess)) {
            lastSuccess = created;
            lastSuccessName = manifest.file();
        }
    }

    @Override
    public String location() {
        return store.location();
    }

    @Override
    public long freeBytes() {
        return store.space().map(BackupStore.Space::freeBytes).orElse(-1L);
    }

    @Override
    public long totalBytes() {
        return store.space().map(BackupStore.Space::totalBytes).orElse(-1L);
    }

    @Override
    public boolean writable() {
        return store.writable();
    }

    private void lookUpOnce() {
        if (lookedUp || (lookupFailedAt != null && lookupFailedAt.plus(RETRY_LOOKUP).isAfter(Instant.now()))) {
            return;
        }
        synchronized (this) {
            if (lookedUp) {
                return;
            }
            try {
                inventory.trusted().stream()
                        .filter(m -> m.backupType() == BackupType.FULL || m.backupType() == BackupType.INCREMENTAL)
                        .findFirst()
                        .ifPresent(this::recordSuccess);
                lookedUp = true;
            } catch (IOException | RuntimeException e) {
                lookupFailedAt = Instant.now();
                LOG.warn("Could not read the backup store {} to find the last backup: {}", store.location(), e.getMessage());
            }
        }
    }
}
