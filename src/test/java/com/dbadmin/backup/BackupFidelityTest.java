package com.dbadmin.backup;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.support.Databases;
import com.dbadmin.support.PgTools;
import com.dbadmin.support.ServerContext;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Backups restore identically. A database holding every fixture (a rich mix of kinds and value types,
 * a rentals schema, a multi-tenant SaaS schema, one of every other kind pg_dump carries) is backed up
 * and restored with plain psql and with db_restore_full, without and with privileges, and each restore
 * must equal the source (see {@link FidelityRoundTrip}); the other PostgreSQL versions run the same in
 * BackupFidelityVersionsIT. The rich fixture also checks encryption, and that restricted tables and the
 * view over them stay out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupFidelityTest {
    static final String SOURCE = "backup_fidelity_src";
    static final String KEY = "q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c=";

    Path plainStore;
    Path encryptedStore;
    ServerContext source;

    @BeforeAll
    void createSource() throws IOException {
        RichDatabase.create(SOURCE);
        plainStore = Files.createTempDirectory("backups-plain");
        encryptedStore = Files.createTempDirectory("backups-encrypted");
        source = ServerContext.on(SOURCE, Map.of("db-admin.backup.dir", plainStore.toString()));
    }

    @AfterAll
    void close() {
        source.close();
    }

    @Test
    void everyFixtureRestoresIdenticallyWithPsqlAndWithTheTool() {
        FidelityRoundTrip roundTrip = new FidelityRoundTrip(FidelityServer.shared());
        String all = roundTrip.source("fidelity_all");
        roundTrip.verify(all, false);
        roundTrip.verify(all, true);
        roundTrip.verifyDropExisting(all, true);
    }

    @Test
    void psqlRestoresTheBackupOnItsOwn() throws IOException {
        ObjectNode result = source.tools().ok("db_backup_full", "{}");
        String name = result.get("backup").asText();
        assertTrue(name.matches("backup-full-\\d{8}-\\d{6}\\.sql\\.gz"), name);
        assertTrue(Files.exists(plainStore.resolve(name)));
        assertTrue(Files.exists(plainStore.resolve(name.replace(".sql.gz", ".manifest.json"))));
        Path sql = gunzip(plainStore.resolve(name));
        String text = Files.readString(sql);
        assertFalse(text.contains("secret-hash") || text.contains("secret-token"), "restricted rows left the database");
        assertFalse(text.contains("\"users\"") || text.contains("auth_tokens"), "restricted tables are not mentioned");

        String target = Databases.fresh("backup_fidelity_psql");
        PgTools.psqlFile(target, sql);
        assertSameDatabase(target);
    }

    @Test
    void restoreToolReproducesTheDatabase() {
        ObjectNode backup = source.tools().ok("db_backup_full", "{}");
        String name = backup.get("backup").asText();
        String target = Databases.fresh("backup_fidelity_tool");
        try (ServerContext restore = ServerContext.on(target, Map.of("db-admin.backup.dir", plainStore.toString()))) {
            ObjectNode report = restore.tools().ok("db_restore_full", "{\"backupFile\":\"" + name + "\"}");
            assertFalse(report.get("dry_run").asBoolean());
            assertTrue(report.get("created").size() > 20, report.toString());
            assertEquals(0, report.get("existing").size());
            assertEquals(backup.get("rows").asLong(), report.get("totals").get("rows").asLong(), report.toString());
            assertEquals(15, report.get("totals").get("tables").asInt(), "tables and partitions with rows");
        }
        assertSameDatabase(target);
    }

    @Test
    void encryptedBackupsRestoreWithTheKeyAndWithPsqlAfterDecryption() throws Exception {
        Map<String, String> settings = Map.of("db-admin.backup.dir", encryptedStore.toString(),
                "db-admin.backup.encryption-key", KEY);
        String name;
        try (ServerContext encrypted = ServerContext.on(SOURCE, settings)) {
            ObjectNode result = encrypted.tools().ok("db_backup_full", "{}");
            assertTrue(result.get("encrypted").asBoolean());
            name = result.get("backup").asText();
        }
        assertTrue(name.endsWith(".sql.gz.enc"), name);
        byte[] stored = Files.readAllBytes(encryptedStore.resolve(name));
        assertEquals("DBADMENC", new String(stored, 0, 8, StandardCharsets.US_ASCII));
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains("CREATE"), "nothing readable in the file");

        // Through the tool, with the key.
        String viaTool = Databases.fresh("backup_fidelity_enc_tool");
        try (ServerContext restore = ServerContext.on(viaTool, settings)) {
            restore.tools().ok("db_restore_full", "{\"backupFile\":\"" + name + "\"}");
        }
        assertSameDatabase(viaTool);

        // Without the key the restore is refused (the key also verifies the file) and nothing is created.
        String noKey = Databases.fresh("backup_fidelity_enc_nokey");
        try (ServerContext restore = ServerContext.on(noKey, Map.of("db-admin.backup.dir", encryptedStore.toString()))) {
            var outcome = restore.tools().fails(ErrorCode.DB_422_CONSTRAINT, "db_restore_full",
                    "{\"backupFile\":\"" + name + "\"}");
            assertEquals("unknown_signing_key", outcome.error().details().get("reason"));
            assertTrue(outcome.error().getMessage().contains("DB_ADMIN_BACKUP_ENCRYPTION_KEY"), outcome.error().getMessage());
        }
        assertEquals(0, Databases.number(noKey, "SELECT count(*) FROM pg_namespace WHERE nspname = 'backuplab'"));

        // Without this server: the decrypt command, gunzip, psql.
        Path decrypted = Files.createTempFile("decrypted", ".sql.gz");
        ProcessBuilder decrypt = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-cp",
                System.getProperty("java.class.path"), BackupFileCommand.class.getName(), "decrypt",
                encryptedStore.resolve(name).toString(), decrypted.toString()).redirectErrorStream(true);
        decrypt.environment().put("DB_ADMIN_BACKUP_ENCRYPTION_KEY", KEY);
        Process process = decrypt.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        String viaPsql = Databases.fresh("backup_fidelity_enc_psql");
        PgTools.psqlFile(viaPsql, gunzip(decrypted));
        assertSameDatabase(viaPsql);
    }

    static void assertSameDatabase(String target) {
        RichDatabase.assertSameDatabase(SOURCE, target);
    }

    static Path gunzip(Path file) throws IOException {
        Path sql = Files.createTempFile("restore", ".sql");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            Files.copy(in, sql, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return sql;
    }
}
