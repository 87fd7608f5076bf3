package com.dbadmin.backup;

import com.dbadmin.backup.crypto.BackupKey;
import com.dbadmin.backup.crypto.ChunkedGcm;
import com.dbadmin.backup.crypto.SigningKey;
import com.dbadmin.backup.format.Manifest;
import com.dbadmin.backup.format.UntrustedBackupException;

import javax.crypto.Mac;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Works with backup files without the server, for restores with plain psql:
 *
 * <pre>
 * # Is this the file the server signed? (keys from the environment, as the server reads them)
 * java -cp database-admin-server.jar com.dbadmin.backup.BackupFileCommand \
 *     verify backup-full-20250101-020000.manifest.json backup-full-20250101-020000.sql.gz.enc
 * # Decrypt it for psql
 * DB_ADMIN_BACKUP_ENCRYPTION_KEY=... java -cp database-admin-server.jar com.dbadmin.backup.BackupFileCommand \
 *     decrypt backup-full-20250101-020000.sql.gz.enc - | gunzip | psql -X -v ON_ERROR_STOP=1 -d target
 * </pre>
 * "-" means standard input or output. Exits non-zero when the key is wrong or the file or manifest was
 * altered (decrypt: the output written so far must then be discarded).
 */
public final class BackupFileCommand {
    private BackupFileCommand() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("decrypt")) {
            decrypt(args[1], args[2]);
        } else if (args.length == 3 && args[0].equals("verify")) {
            verify(Path.of(args[1]), Path.of(args[2]));
        } else {
            System.err.println("usage: BackupFileCommand decrypt <encrypted file|-> <output file|->");
            System.err.println("       BackupFileCommand verify <manifest file> <data file>");
            System.err.println("       keys from DB_ADMIN_BACKUP_ENCRYPTION_KEY, DB_ADMIN_BACKUP_PREVIOUS_KEYS,");
            System.err.println("       DB_ADMIN_BACKUP_SIGNING_KEY, DB_ADMIN_BACKUP_PREVIOUS_SIGNING_KEYS, DB_ADMIN_BACKUP_SIGNING_KEY_FILE");
            System.exit(2);
        }
    }

    private static void decrypt(String input, String output) throws IOException {
        Map<String, BackupKey> keys = new HashMap<>();
        for (String variable : new String[]{"DB_ADMIN_BACKUP_ENCRYPTION_KEY", "DB_ADMIN_BACKUP_PREVIOUS_KEYS"}) {
            String value = System.getenv(variable);
            if (value != null) {
                for (String key : value.split(",")) {
                    if (!key.isBlank()) {
                        BackupKey parsed = BackupKey.parse(key);
                        keys.put(parsed.idHex(), parsed);
                    }
                }
            }
        }
        try (InputStream in = new BufferedInputStream(input.equals("-") ? System.in : new FileInputStream(input), 1 << 16);
             OutputStream out = new BufferedOutputStream(output.equals("-") ? System.out : new FileOutputStream(output),
                     1 << 16)) {
            ChunkedGcm.decrypt(in, keys).transferTo(out);
        } catch (IOException e) {
            System.err.println("decryption failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The checks a restore makes before it runs anything: the manifest's signature, then the file's bytes. */
    private static void verify(Path manifestFile, Path dataFile) throws IOException {
        BackupKeys keys = new BackupKeys(settingsFromEnvironment());
        byte[] bytes = Files.readAllBytes(manifestFile);
        Manifest manifest = Manifest.parse(bytes);
        UntrustedBackupException problem = Authenticity.check(bytes, manifest, keys);
        if (problem == null && !dataFile.getFileName().toString().equals(manifest.file())) {
            problem = new UntrustedBackupException(UntrustedBackupException.Reason.NAME_MISMATCH, manifest.id(),
                    "The manifest is for " + manifest.file() + ", not " + dataFile.getFileName() + ".");
        }
        if (problem == null) {
            SigningKey key = keys.verifying(manifest.signature().keyId()).orElseThrow();
            Mac mac = key.mac();
            MessageDigest digest = com.dbadmin.backup.format.DumpWriter.sha256Digest();
            long size = 0;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(dataFile), 1 << 16)) {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    mac.update(buffer, 0, n);
                    digest.update(buffer, 0, n);
                    size += n;
                }
            }
            if (size != manifest.size() || !SigningKey.sameHex(HexFormat.of().formatHex(mac.doFinal()), manifest.signature().file())
                    || !SigningKey.sameHex(HexFormat.of().formatHex(digest.digest()), manifest.sha256())) {
                problem = new UntrustedBackupException(UntrustedBackupException.Reason.FILE_ALTERED, manifest.id(),
                        "The data file is not the file that was signed (changed, cut or replaced).");
            }
        }
        if (problem != null) {
            System.err.println("NOT AUTHENTIC (" + problem.reason().id() + "): " + problem.getMessage());
            System.exit(1);
        }
        System.out.println("authentic: " + manifest.file() + " is backup " + manifest.id() + " as signed by key "
                + manifest.signature().keyId() + (manifest.encrypted() ? " (encrypted: decrypt it before psql)" : ""));
    }

    private static BackupSettings settingsFromEnvironment() {
        Map<String, String> env = System.getenv();
        return new BackupSettings("backups", null, 0, "gzip", 6, env.get("DB_ADMIN_BACKUP_ENCRYPTION_KEY"),
                env.get("DB_ADMIN_BACKUP_PREVIOUS_KEYS"), env.get("DB_ADMIN_BACKUP_SIGNING_KEY"),
                env.get("DB_ADMIN_BACKUP_PREVIOUS_SIGNING_KEYS"), env.get("DB_ADMIN_BACKUP_SIGNING_KEY_FILE"),
                Duration.ZERO, Duration.ZERO, null, null);
    }
}
