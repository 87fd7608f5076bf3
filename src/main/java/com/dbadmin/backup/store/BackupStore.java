package com.dbadmin.backup.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where backup files live: a local folder or an S3 bucket. Names are plain file names in the store
 * (validated by {@code BackupNames} before they get here); a store never resolves a path from them.
 * A file being written is invisible until {@link Upload#commit()}, and an aborted upload leaves nothing.
 */
public interface BackupStore extends AutoCloseable {

    /** Human-readable location, e.g. {@code /var/backups} or {@code s3://bucket/prefix/}. */
    String location();

    /** Starts writing {@code name}; nothing is visible under that name before commit. */
    Upload create(String name) throws IOException;

    /** Writes a small object (manifests) in one request. */
    void write(String name, byte[] content) throws IOException;

    /** @throws java.nio.file.NoSuchFileException when the file does not exist */
    InputStream open(String name) throws IOException;

    Optional<StoredFile> stat(String name) throws IOException;

    /** Every committed file (no partial uploads). */
    List<StoredFile> list() throws IOException;

    /** Deletes the file if it exists. */
    void delete(String name) throws IOException;

    /** Free and total bytes where the store has a capacity (a disk); empty for object stores. */
    Optional<Space> space();

    /** Whether a backup could be written now (folder writable, bucket reachable). */
    boolean writable();

    /** Removes debris of interrupted uploads older than the given age, where the store keeps any. */
    default void cleanupStaleUploads(java.time.Duration olderThan) throws IOException {
    }

    /** Releases connections (the S3 client); local stores hold none. */
    @Override
    default void close() {
    }

    record Space(long freeBytes, long totalBytes) {
    }

    /** A file being written. Either commit or abort it; close() without commit aborts. */
    interface Upload extends AutoCloseable {
        OutputStream stream();

        void commit() throws IOException;

        void abort();

        @Override
        default void close() {
            abort();
        }
    }
}
