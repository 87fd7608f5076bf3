package com.dbadmin.backup;

import com.dbadmin.backup.store.BackupStore;
import io.micronaut.context.annotation.Context;

/**
 * Checks the backup settings when the server starts rather than at the first backup: a malformed
 * encryption key, compression setting or incomplete S3 store stops startup with a message naming the variable, instead
 * of failing (or silently writing unencrypted backups) at 2 a.m.
 */
@Context
class BackupConfigurationCheck {
    /**
     * Each argument validates itself when it is built: the settings' constraints hold, the keys parse, the
     * store's settings are complete.
     */
    BackupConfigurationCheck(BackupKeys keys, BackupSettings settings, BackupStore store) {
    }
}
