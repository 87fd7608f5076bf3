package com.dbadmin.backup;

import com.dbadmin.backup.format.DumpFormatException;
import com.dbadmin.backup.format.DumpHeader;
import com.dbadmin.backup.format.DumpReader;
import com.dbadmin.backup.format.Manifest;
import com.dbadmin.backup.format.UntrustedBackupException;
import com.dbadmin.backup.restore.StatementRules;
import com.dbadmin.backup.restore.ChainFile;
import com.dbadmin.backup.store.BackupStore;

import java.io.IOException;
import java.util.Objects;

/**
 * A backup file of a trusted manifest, read from a verified private copy (see {@link VerifiedFile}):
 * decrypted and decompressed on the fly, its header checked against the manifest before the first
 * entry is handed out.
 */
final class StoredBackupFile implements ChainFile, AutoCloseable {
    private final Manifest manifest;
    private final VerifiedFile verified;
    private final BackupKeys keys;
    private FileCodec.Reader codec;
    private DumpReader reader;

    private StoredBackupFile(Manifest manifest, VerifiedFile verified, BackupKeys keys) {
        this.manifest = manifest;
        this.verified = verified;
        this.keys = keys;
    }

    /** Copies and checks the file of a manifest the inventory trusts (see {@link BackupInventory#require}). */
    static StoredBackupFile fetch(BackupStore store, Manifest manifest, BackupKeys keys) throws IOException {
        return new StoredBackupFile(manifest, VerifiedFile.fetch(store, manifest, keys), keys);
    }

    /**
     * Like {@link #fetch}, and reads the copy once through before handing it out: every entry must be a
     * statement the dumper writes for its kind and the file must be complete, so a restore refuses a
     * bad file before its first statement runs rather than when it reaches the bad entry.
     */
    static StoredBackupFile fetchChecked(BackupStore store, Manifest manifest, BackupKeys keys) throws IOException {
        StoredBackupFile file = fetch(store, manifest, keys);
        try {
            StoredBackupFile pass = new StoredBackupFile(manifest, file.verified, keys);
            DumpReader reader = pass.open();
            DumpReader.Entry entry;
            while ((entry = reader.next()) != null) {
                StatementRules.check(manifest.id(), entry.toc(), entry.sql(), manifest.privileges());
                entry.skipData();
            }
            pass.finishReading();
            return file;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    @Override
    public Manifest manifest() {
        return manifest;
    }

    @Override
    public DumpReader open() throws IOException {
        if (reader == null) {
            codec = FileCodec.reader(verified.open(), "gzip".equals(manifest.compression()), manifest.encrypted(),
                    keys.readable());
            reader = new DumpReader(codec.stream());
            DumpHeader header = reader.open();
            if (!manifest.id().equals(header.id()) || !manifest.type().equals(header.type())
                    || !Objects.equals(manifest.baseBackup(), header.baseBackup())) {
                throw new UntrustedBackupException(UntrustedBackupException.Reason.HEADER_MISMATCH, manifest.id(),
                        "The file of backup '" + manifest.id() + "' says it is " + header.type() + " backup '" + header.id()
                                + "'; it does not belong to this manifest and is not run.");
            }
        }
        return reader;
    }

    @Override
    public void finish() throws IOException {
        finishReading();
        close();
    }

    private void finishReading() throws IOException {
        if (reader == null || !reader.ended()) {
            throw new DumpFormatException("the backup was not read to its end marker");
        }
        byte[] rest = codec.stream().readAllBytes();
        for (byte b : rest) {
            if (b != '\n' && b != '\r' && b != ' ') {
                throw new DumpFormatException("the backup has data after its end marker");
            }
        }
        codec.close();
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
        verified.close();
    }
}
