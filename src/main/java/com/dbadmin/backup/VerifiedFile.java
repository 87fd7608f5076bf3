package com.dbadmin.backup;

import com.dbadmin.backup.crypto.SigningKey;
import com.dbadmin.backup.format.DumpWriter;
import com.dbadmin.backup.format.Manifest;
import com.dbadmin.backup.format.UntrustedBackupException;
import com.dbadmin.backup.store.BackupStore;

import javax.crypto.Mac;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A stored file copied to a private temporary file and checked against its signed manifest (size,
 * SHA-256, HMAC) before anything reads it. Reading the copy afterwards means the bytes that run are
 * the bytes that were checked: a file changed in the store between the check and the restore (a
 * local folder or an S3 prefix others can write) cannot slip in. The copy holds the stored bytes
 * (compressed, encrypted), so it needs as much temporary space as the backup takes in the store.
 */
public final class VerifiedFile implements AutoCloseable {
    private static final int BUFFER = 1 << 16;
    private final Path copy;

    private VerifiedFile(Path copy) {
        this.copy = copy;
    }

    /**
     * @throws UntrustedBackupException when the bytes are not the signed ones
     * @throws java.nio.file.NoSuchFileException when the data file is missing
     */
    public static VerifiedFile fetch(BackupStore store, Manifest manifest, BackupKeys keys) throws IOException {
        SigningKey key = keys.verifying(manifest.signature() == null ? null : manifest.signature().keyId())
                .orElseThrow(() -> new UntrustedBackupException(UntrustedBackupException.Reason.UNKNOWN_SIGNING_KEY,
                        manifest.id(), "Backup '" + manifest.id() + "' is not signed with a key this server has."));
        Path copy = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile("dbadmin-verified-", ".part",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile("dbadmin-verified-", ".part");
        boolean ok = false;
        try {
            MessageDigest digest = DumpWriter.sha256Digest();
            Mac mac = key.mac();
            long size = 0;
            try (InputStream in = store.open(manifest.file()); OutputStream out = Files.newOutputStream(copy)) {
                byte[] buffer = new byte[BUFFER];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    digest.update(buffer, 0, n);
                    mac.update(buffer, 0, n);
                    size += n;
                }
            }
            String hmac = HexFormat.of().formatHex(mac.doFinal());
            if (size != manifest.size() || !SigningKey.sameHex(hmac, manifest.signature().file())
                    || !SigningKey.sameHex(HexFormat.of().formatHex(digest.digest()), manifest.sha256())) {
                throw new UntrustedBackupException(UntrustedBackupException.Reason.FILE_ALTERED, manifest.id(),
                        "The data file of backup '" + manifest.id() + "' is not the file that was signed (it was changed,"
                                + " cut or replaced); nothing of it was run.");
            }
            ok = true;
            return new VerifiedFile(copy);
        } finally {
            if (!ok) {
                Files.deleteIfExists(copy);
            }
        }
    }

    public InputStream open() throws IOException {
        return new BufferedInputStream(Files.newInputStream(copy), BUFFER);
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(copy);
        } catch (IOException ignored) {
            // A temporary file; the OS cleans its temporary folder.
        }
    }
}
