package com.dbadmin.ops;

import java.time.Instant;
import java.util.Optional;

/**
 * What health and metrics need to know about backups. The backup engine's own bean replaces the
 * default folder-reading implementation ({@code LocalBackupDirectoryStatus}, {@code @Secondary}).
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
