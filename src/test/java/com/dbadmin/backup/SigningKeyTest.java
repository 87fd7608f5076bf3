package com.dbadmin.backup;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.support.Databases;
import com.dbadmin.support.ServerContext;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Where the signing key comes from: generated on the first backup when nothing is configured (kept
 * owner-only, its place logged, used again by the next start), configured, or derived from the
 * encryption key; and what keeps verifying after a change.
 */
class SigningKeyTest {

    @Test
    void withoutAnyKeyTheFirstBackupGeneratesOneOwnerOnlyAndSaysWhere() throws IOException {
        ShopDatabase.create("backup_keygen", Map.of()).close();
        Path folder = Files.createTempDirectory("keygen");
        Path keyFile = folder.resolve("keys").resolve("backup-signing.key");
        Map<String, String> settings = Map.of("db-admin.backup.dir", folder.resolve("store").toString(),
                "db-admin.backup.signing-key-file", keyFile.toString());
        List<ILoggingEvent> logged = captured(BackupKeys.class, () -> {
            try (ServerContext server = ServerContext.on("backup_keygen", settings)) {
                assertFalse(Files.exists(keyFile), "no key before the first backup");
                return server.tools().ok("db_backup_full", "{}").get("backup").asText();
            }
        });
        assertTrue(Files.exists(keyFile));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        assertTrue(logged.stream().anyMatch(e -> e.getFormattedMessage().contains(keyFile.toAbsolutePath().toString())),
                "the log says where the key is");
        String key = Files.readString(keyFile);

        // The next start (another database, same key file) verifies and restores it, and keeps the key.
        String target = Databases.fresh("backup_keygen_target");
        String backup;
        try (ServerContext server = ServerContext.on(target, settings)) {
            String name = server.tools().ok("db_list_backups", "{}").get("backups").get(0).get("backup").asText();
            assertTrue(server.tools().ok("db_validate_backup", "{\"backupFile\":\"" + name + "\"}").get("valid").asBoolean());
            ObjectNode restored = server.tools().ok("db_restore_full", "{\"backupFile\":\"" + name + "\"}");
            assertEquals(1203, restored.get("totals").get("rows").asInt());
            server.tools().ok("db_backup_full", "{}");
        }
        assertEquals(key, Files.readString(keyFile), "the key is generated once");

        // A server with its own key configured still accepts what the generated key signed, and signs with its own.
        try (ServerContext server = ServerContext.on(target, Map.of("db-admin.backup.dir", folder.resolve("store").toString(),
                "db-admin.backup.signing-key-file", keyFile.toString(),
                "db-admin.backup.signing-key", "Y29uZmlndXJlZC1zaWduaW5nLWtleS0xMjM0NTY3ODkwMTI="))) {
            for (var listed : server.tools().ok("db_list_backups", "{}").get("backups")) {
                assertTrue(listed.get("trusted").asBoolean(), listed.toString());
            }
            backup = server.tools().ok("db_backup_table", "{\"table\":\"shop.notes\"}").get("backup").asText();
            assertTrue(server.tools().ok("db_validate_backup", "{\"backupFile\":\"" + backup + "\"}").get("valid").asBoolean());
        }
        // Without that key (only the generated one), the newer backup is another server's.
        try (ServerContext server = ServerContext.on(target, settings)) {
            var refused = server.tools().fails(ErrorCode.DB_422_CONSTRAINT, "db_validate_backup",
                    "{\"backupFile\":\"" + backup + "\"}");
            assertEquals("unknown_signing_key", refused.error().details().get("reason"));
        }
    }

    @Test
    void aMalformedSigningKeyStopsStartup() {
        String database = Databases.fresh("backup_keygen_bad");
        for (Map<String, String> bad : List.of(Map.of("db-admin.backup.signing-key", "c2hvcnQ="),
                Map.of("db-admin.backup.previous-signing-keys", "not base64 !"))) {
            Exception error = assertThrows(Exception.class, () -> ServerContext.on(database, bad).close());
            StringBuilder messages = new StringBuilder();
            for (Throwable e = error; e != null; e = e.getCause()) {
                messages.append(e.getMessage()).append(" | ");
            }
            assertTrue(messages.toString().contains("SIGNING_KEY"), messages.toString());
        }
    }

    @Test
    void startUpWarnsWhenRestoresWouldRunAsSuperuser() {
        String database = Databases.fresh("backup_superuser_warning");
        List<ILoggingEvent> logged = captured(RestoreRoleWarning.class, () -> {
            ServerContext.on(database, Map.of()).close();
            return null;
        });
        assertTrue(logged.stream().anyMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN
                && e.getFormattedMessage().contains("superuser 'postgres'")), logged.toString());
    }

    private static <T> List<ILoggingEvent> captured(Class<?> source, ThrowingSupplier<T> action) {
        Logger logger = (Logger) LoggerFactory.getLogger(source);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
        try {
            action.get();
            return List.copyOf(appender.list);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            logger.detachAppender(appender);
        }
    }

    @FunctionalInterface
    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }
}
