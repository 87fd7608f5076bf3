package com.dbadmin.backup;

import com.dbadmin.support.Databases;
import com.dbadmin.support.ServerContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Wrong backup settings stop the server at startup, naming the variable to fix. */
class BackupConfigurationTest {

    @Test
    void malformedSettingsStopStartup() {
        String database = Databases.fresh("backup_configuration");
        assertStartupFails(database, Map.of("db-admin.backup.encryption-key", "too-short"),
                "DB_ADMIN_BACKUP_ENCRYPTION_KEY");
        assertStartupFails(database, Map.of("db-admin.backup.previous-keys", "c2hvcnQ="),
                "DB_ADMIN_BACKUP_PREVIOUS_KEYS");
        assertStartupFails(database, Map.of("db-admin.backup.compression", "zstd"), "BACKUP_COMPRESSION");
        assertStartupFails(database, Map.of("db-admin.backup.schedule.enabled", "true",
                "db-admin.backup.schedule.cron", "not a cron"), "BACKUP_CRON_SCHEDULE");
        assertStartupFails(database, Map.of("db-admin.backup.store", "s3"), "BACKUP_S3_BUCKET");
    }

    private static void assertStartupFails(String database, Map<String, String> settings, String variable) {
        Exception error = assertThrows(Exception.class, () -> ServerContext.on(database, settings).close());
        StringBuilder messages = new StringBuilder();
        for (Throwable e = error; e != null; e = e.getCause()) {
            messages.append(e.getMessage()).append(" | ");
        }
        assertTrue(messages.toString().contains(variable), messages.toString());
    }
}
