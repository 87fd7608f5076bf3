package com.dbadmin.backup;

import java.time.Instant;
import java.util.Optional;

/** What /health reports about backups: the last good one and the store it went to. */
public interface BackupHealth {
    /** When the last successful full or incremental backup was taken (across restarts: read from the store). */
    Optional<Instant> lastSuccess();

    /** The store, e.g. {@code /var/backups} or {@code s3://bucket/prefix/}. */
    String location();

    /** Free bytes where the store is a disk; -1 for object stores (no capacity). */
    long freeBytes();

    /** Total bytes where the store is a disk; -1 for object stores. */
    long totalBytes();

    /** Whether a backup could be written now. */
    boolean writable();
}
