package com.dbadmin.ops;

import java.time.Instant;
import java.util.Optional;

/**
 * What health needs to know about backups, whatever the store (folder or S3); the backup engine's
 * {@code BackupStatus} provides it.
 */
public interface BackupStatusSource {

    /** Where backups go (a folder, or a bucket and prefix): shown in health, never a credential. */
    String location();

    /** When the newest successful backup finished, if any. */
    Optional<Instant> lastSuccess();

    /** Bytes available to new backups, or -1 when the store cannot tell (object storage). */
    long freeBytes();

    /** Size of the store, or -1 when the store cannot tell. */
    long totalBytes();

    /** Whether a new backup could be written now. */
    boolean writable();
}
