package com.dbadmin.backup;

import com.dbadmin.backup.crypto.BackupKey;
import com.dbadmin.backup.format.DumpFormatException;
import com.dbadmin.backup.format.DumpReader;
import com.dbadmin.backup.format.Manifest;
import com.dbadmin.backup.restore.ChainFile;
import com.dbadmin.backup.store.BackupStore;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * A backup file read from the store: decrypted and decompressed on the fly, its stored bytes hashed as
 * they pass, and checked against its manifest once read to the end.
 */
final class StoredBackupFile implements ChainFile, AutoCloseable {
    private final BackupStore store;
    private final Manifest manifest;
    private final Map<String, BackupKey> keys;
    private FileCodec.Reader codec;
    private DumpReader reader;

    StoredBackupFile(BackupStore store, Manifest manifest, Map<String, BackupKey> keys) {
        this.store = store;
        this.manifest = manifest;
        this.keys = keys;
    }

    @Override
    public Manifest manifest() {
        return manifest;
    }

    @Override
    public DumpReader open() throws IOException {
        if (reader == null) {
            InputStream raw = store.open(manifest.file());
            codec = FileCodec.reader(raw, FileCodec.gzipped(manifest.file()), FileCodec.encrypted(manifest.file()), keys);
            reader = new DumpReader(codec.stream());
            reader.open();
        }
        return reader;
    }

    @Override
    public void finish() throws IOException {
        if (reader == null || !reader.ended()) {
            throw new DumpFormatException("the backup was not read to its end marker");
        }
        byte[] rest = codec.stream().readAllBytes();
        for (byte b : rest) {
            if (b != '\n' && b != '\r' && b != ' ') {
                throw new DumpFormatException("the backup has data after its end marker");
            }
        }
        codec.drain();
        if (manifest.sha256() != null && (!manifest.sha256().equals(codec.storedSha256())
                || manifest.size() != codec.storedBytes())) {
            throw new DumpFormatException("the file does not match the SHA-256 in its manifest (it was changed or cut)");
        }
        close();
    }

    @Override
    public void close() {
        if (codec != null) {
            try {
                codec.close();
            } catch (IOException ignored) {
                // Reading is over; nothing to report.
            }
        }
    }
}
