package com.dbadmin.backup;

import com.dbadmin.backup.crypto.BackupKey;
import com.dbadmin.backup.crypto.SigningKey;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;
import com.dbadmin.ops.UserDataFolder;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys of the backup store: the encryption key for new backups and the ones accepted for reading
 * (current plus previous, by key id), and the signing key that authenticates every file and manifest
 * with the signing keys accepted for verifying.
 *
 * <p>The signing key is, in order: DB_ADMIN_BACKUP_SIGNING_KEY; derived from the encryption key; the
 * key kept in the key file (DB_ADMIN_BACKUP_SIGNING_KEY_FILE), generated with owner-only permissions on
 * the first backup when none exists. So backups are authenticated even when nothing is configured.
 * A malformed key stops the server at startup: silently writing unauthenticated or unencrypted
 * backups because of a typo would be worse.
 */
@Singleton
public class BackupKeys {
    private static final Logger LOG = LoggerFactory.getLogger(BackupKeys.class);
    static final String KEY_FILE_NAME = "backup-signing.key";

    private final BackupKey current;
    private final Map<String, BackupKey> readable = new LinkedHashMap<>();
    private final Map<String, SigningKey> verifying = new LinkedHashMap<>();
    private final Path keyFile;
    private SigningKey signing;

    public BackupKeys(BackupSettings settings) {
        this.current = parse(settings.encryptionKey(), "DB_ADMIN_BACKUP_ENCRYPTION_KEY");
        if (current != null) {
            readable.put(current.idHex(), current);
        }
        for (String key : list(settings.previousKeys())) {
            BackupKey parsed = parse(key, "DB_ADMIN_BACKUP_PREVIOUS_KEYS");
            readable.putIfAbsent(parsed.idHex(), parsed);
        }
        this.keyFile = keyFile(settings.signingKeyFile());
        SigningKey configured = blank(settings.signingKey()) ? null
                : parseSigning(settings.signingKey(), "DB_ADMIN_BACKUP_SIGNING_KEY");
        this.signing = configured != null ? configured : current != null ? SigningKey.derivedFrom(current) : null;
        if (signing != null) {
            verifying.put(signing.idHex(), signing);
        }
        readable.values().forEach(k -> accept(SigningKey.derivedFrom(k)));
        for (String key : list(settings.previousSigningKeys())) {
            accept(parseSigning(key, "DB_ADMIN_BACKUP_PREVIOUS_SIGNING_KEYS"));
        }
        // A generated key stays valid for what it signed, also after a key is configured.
        SigningKey fromFile = readKeyFile();
        if (fromFile != null) {
            accept(fromFile);
            if (signing == null) {
                signing = fromFile;
            }
        }
    }

    public Optional<BackupKey> current() {
        return Optional.ofNullable(current);
    }

    public Map<String, BackupKey> readable() {
        return Map.copyOf(readable);
    }

    /** The key new backups are signed with; generated (and kept in the key file) on first use. */
    public synchronized SigningKey signing() {
        if (signing == null) {
            signing = generateKeyFile();
            accept(signing);
        }
        return signing;
    }

    /** The signing key with this id, if backups signed with it are accepted here. */
    public synchronized Optional<SigningKey> verifying(String keyId) {
        return Optional.ofNullable(keyId == null ? null : verifying.get(keyId));
    }

    /** Where a generated signing key is (or would be) kept. */
    public Path keyFile() {
        return keyFile;
    }

    private synchronized void accept(SigningKey key) {
        verifying.putIfAbsent(key.idHex(), key);
    }

    private SigningKey readKeyFile() {
        if (keyFile == null || !Files.exists(keyFile)) {
            return null;
        }
        try {
            SigningKey key = parseSigning(Files.readString(keyFile, StandardCharsets.US_ASCII).trim(), keyFile.toString());
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
                if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                    LOG.warn("The backup signing key file {} can be read by other users; make it owner-only (chmod 600)",
                            keyFile);
                }
            }
            return key;
        } catch (IOException e) {
            throw new ConfigurationException("The backup signing key file " + keyFile + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * Creates the key file with owner-only permissions. The key is written to a temporary file and linked
     * into place, so a concurrent server either wins (its key is used by both) or finds a complete file.
     */
    private SigningKey generateKeyFile() {
        if (System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null) {
            throw new ToolException(ErrorCode.DB_503_UNAVAILABLE, "Backups need a signing key here: set"
                    + " DB_ADMIN_BACKUP_SIGNING_KEY (or DB_ADMIN_BACKUP_ENCRYPTION_KEY). A Lambda function has no lasting"
                    + " disk to keep a generated key on, and every function must verify with the same key.");
        }
        if (keyFile == null) {
            throw new ToolException(ErrorCode.DB_503_UNAVAILABLE, "No backup signing key is configured and there is no"
                    + " folder to keep a generated one in (" + UserDataFolder.current().unknownBecause() + "). Set"
                    + " DB_ADMIN_BACKUP_SIGNING_KEY, or DB_ADMIN_BACKUP_SIGNING_KEY_FILE to a writable place.",
                    Map.of("retryable", false));
        }
        SigningKey key = SigningKey.generate();
        try {
            Path folder = keyFile.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            Path temporary = posix
                    ? Files.createTempFile(folder, ".backup-signing", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(folder, ".backup-signing", ".tmp");
            try {
                Files.writeString(temporary, key.encoded() + "\n", StandardCharsets.US_ASCII);
                Files.createLink(keyFile, temporary);
            } catch (FileAlreadyExistsException e) {
                SigningKey existing = readKeyFile();
                LOG.info("Using the backup signing key another server generated in {}", keyFile.toAbsolutePath());
                return existing;
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new ToolException(ErrorCode.DB_503_UNAVAILABLE, "No backup signing key is configured and none could be"
                    + " generated in " + keyFile.toAbsolutePath() + " (" + e.getMessage() + "). Set DB_ADMIN_BACKUP_SIGNING_KEY,"
                    + " or DB_ADMIN_BACKUP_SIGNING_KEY_FILE to a writable place.", Map.of("retryable", false), e);
        }
        LOG.warn("Generated a backup signing key in {} (owner-only). Backups restore only with it: keep a copy outside"
                + " this machine, and give every server that restores these backups the same key"
                + " (DB_ADMIN_BACKUP_SIGNING_KEY or this file).", keyFile.toAbsolutePath());
        return key;
    }

    /**
     * DB_ADMIN_BACKUP_SIGNING_KEY_FILE, else backup-signing.key in the user data folder (beside the embedded
     * database and the default backup folder), never the working directory; null when there is no such folder.
     */
    private static Path keyFile(String configured) {
        if (!blank(configured)) {
            return Path.of(configured.trim());
        }
        return UserDataFolder.current().folder().map(folder -> folder.resolve(KEY_FILE_NAME)).orElse(null);
    }

    private static String[] list(String value) {
        return blank(value) ? new String[0] : java.util.Arrays.stream(value.split(",")).filter(s -> !s.isBlank())
                .toArray(String[]::new);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static BackupKey parse(String value, String name) {
        if (blank(value)) {
            return null;
        }
        try {
            return BackupKey.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(name + ": " + e.getMessage());
        }
    }

    private static SigningKey parseSigning(String value, String name) {
        try {
            return SigningKey.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(name + ": " + e.getMessage());
        }
    }
}
