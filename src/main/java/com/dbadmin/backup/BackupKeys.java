package com.dbadmin.backup;

import com.dbadmin.backup.crypto.BackupKey;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The configured encryption key (new backups) and the keys accepted for reading (current plus
 * previous ones, by key id). A malformed key stops the server at startup: silently writing
 * unencrypted backups because of a typo would be worse.
 */
@Singleton
public class BackupKeys {
    private final BackupKey current;
    private final Map<String, BackupKey> readable = new LinkedHashMap<>();

    public BackupKeys(BackupSettings settings) {
        this.current = parse(settings.encryptionKey(), "DB_ADMIN_BACKUP_ENCRYPTION_KEY");
        if (current != null) {
            readable.put(current.idHex(), current);
        }
        String previous = settings.previousKeys();
        if (previous != null) {
            for (String key : previous.split(",")) {
                BackupKey parsed = parse(key, "DB_ADMIN_BACKUP_PREVIOUS_KEYS");
                if (parsed != null) {
                    readable.putIfAbsent(parsed.idHex(), parsed);
                }
            }
        }
    }

    public Optional<BackupKey> current() {
        return Optional.ofNullable(current);
    }

    public Map<String, BackupKey> readable() {
        return Map.copyOf(readable);
    }

    private static BackupKey parse(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return BackupKey.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(name + ": " + e.getMessage());
        }
    }
}
