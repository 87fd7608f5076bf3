package com.dbadmin.backup;

import com.dbadmin.backup.crypto.SigningKey;
import com.dbadmin.backup.format.Manifest;
import com.dbadmin.backup.store.BackupStore;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.support.PgTools;
import com.dbadmin.support.ServerContext;
import com.dbadmin.support.Tools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A backup file is code that will run against the database: only files and manifests this server
 * signed are validated or restored, and each way of tampering (a byte, the manifest, the header, the
 * name, the encryption flag), an unsigned file, another server's file and an unencrypted file while a
 * key is configured is refused with DB_422 and its reason by validation, both restore tools and their
 * dry runs, with nothing executed. A planted COPY ... TO PROGRAM would create the marker file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupAuthenticityTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SIGNING_KEY = "c2lnbmluZy1rZXktZm9yLXRoZS1hdXRoZW50aWNpdHktdGVzdHM=";
    static final String OTHER_SIGNING_KEY = "YW5vdGhlci1zZXJ2ZXJzLXNpZ25pbmcta2V5LTEyMzQ1Njc4OTA=";
    static final String ENCRYPTION_KEY = "q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c=";

    ShopDatabase shop;
    Tools tools;
    BackupStore store;
    SigningKey key;
    String full;
    Path marker;
    String schemaBefore;
    Map<String, String> rowsBefore;

    @BeforeAll
    void setUp() throws IOException {
        shop = ShopDatabase.create("backup_authenticity", Map.of("db-admin.backup.signing-key", SIGNING_KEY));
        tools = shop.server.tools();
        store = shop.server.bean(BackupInventory.class).store();
        key = shop.server.bean(BackupKeys.class).signing();
        full = tools.ok("db_backup_full", "{}").get("backup").asText();
        marker = Files.createTempDirectory("planted").resolve("ran");
    }

    @AfterAll
    void tearDown() {
        shop.close();
    }

    @BeforeEach
    void remember() {
        schemaBefore = PgTools.schema(shop.name);
        rowsBefore = shop.checksums();
    }

    /** What a planted statement does if it runs: a shell command as the database's OS user. */
    String payload() {
        return "COPY (SELECT 1) TO PROGRAM 'id > " + marker + "';\n";
    }

    /** A copy of the full backup under a new id, whose data file and manifest the test then spoils. */
    Manifest copyOfFull(String stamp) throws IOException {
        Manifest original = ForgedBackups.manifest(shop.store, id(full));
        String id = "backup-full-" + stamp;
        byte[] plain = ForgedBackups.withHeaderId(ForgedBackups.gunzip(Files.readAllBytes(shop.store.resolve(full))),
                original.id(), id);
        Manifest copy = new Manifest(original.formatVersion(), id, "full", id + ".sql.gz", original.created(),
                original.completed(), original.database(), original.serverVersion(), original.toolVersion(), true, true,
                null, original.tables(), original.totalRows(), original.dataBytes(), 0, null, "gzip", null, null, null,
                original.schemaSha256(), null, List.of(), List.of(), null, null, null);
        ForgedBackups.signAndStore(store, copy, ForgedBackups.gzip(plain), key);
        assertTrue(tools.ok("db_validate_backup", "{\"backupFile\":\"" + id + "\"}").get("valid").asBoolean(),
                "the untouched copy is valid");
        return ForgedBackups.manifest(shop.store, id);
    }

    /**
     * Validation, both restore tools and their dry runs refuse the backup with DB_422 and the reason; no
     * statement of it ran: the marker is absent and the database is as it was.
     */
    void refusedEverywhere(String backup, String reason) {
        List<String> calls = List.of(
                "db_validate_backup", "{\"backupFile\":\"" + backup + "\"}",
                "db_restore_full", "{\"backupFile\":\"" + backup + "\",\"onConflict\":\"skip\"}",
                "db_restore_full", "{\"backupFile\":\"" + backup + "\",\"dryRun\":true,\"dropExisting\":true}",
                "db_restore_table", "{\"backupFile\":\"" + backup + "\",\"table\":\"shop.notes\",\"onConflict\":\"overwrite\"}",
                "db_restore_table", "{\"backupFile\":\"" + backup + "\",\"table\":\"shop.notes\",\"dryRun\":true}");
        for (int i = 0; i < calls.size(); i += 2) {
            ToolOutcome outcome = tools.fails(ErrorCode.DB_422_CONSTRAINT, calls.get(i), calls.get(i + 1));
            assertEquals(reason, outcome.error().details().get("reason"), calls.get(i) + " " + calls.get(i + 1) + ": "
                    + outcome.error().getMessage());
        }
        assertFalse(Files.exists(marker), "a planted statement ran");
        assertEquals(schemaBefore, PgTools.schema(shop.name), "nothing was created or dropped");
        assertEquals(rowsBefore, shop.checksums(), "no row changed");
    }

    @Test
    void aHandMadeUnsignedFileIsListedAsUntrustedAndNeverRun() throws IOException {
        // The file and manifest from the report: plain JSON anyone can compute, a shell command inside.
        String id = "backup-full-20250101-000001";
        String dump = "-- dbadmin:format {\"version\":1,\"id\":\"" + id + "\",\"type\":\"full\"}\n"
                + "-- dbadmin:toc {\"id\":1,\"section\":\"pre\",\"kind\":\"table\",\"key\":\"table:\\\"shop\\\".\\\"notes\\\"\","
                + "\"schema\":\"shop\",\"name\":\"notes\"}\n"
                + "\n-- dbadmin:entry {\"id\":1,\"len\":" + payload().getBytes(StandardCharsets.UTF_8).length + "}\n"
                + payload() + "\n-- dbadmin:end\n";
        byte[] data = ForgedBackups.gzip(dump.getBytes(StandardCharsets.UTF_8));
        ForgedBackups.write(store, id + ".sql.gz", data);
        String sha = java.util.HexFormat.of().formatHex(sha256(data));
        Files.writeString(shop.store.resolve(id + ".manifest.json"), "{\"formatVersion\":1,\"id\":\"" + id
                + "\",\"type\":\"full\",\"file\":\"" + id + ".sql.gz\",\"created\":\"2025-01-01T00:00:01Z\","
                + "\"includesSchema\":true,\"includesData\":false,\"size\":" + data.length + ",\"sha256\":\"" + sha
                + "\",\"compression\":\"gzip\"}");
        ObjectNode listed = find(tools.ok("db_list_backups", "{}"), id);
        assertFalse(listed.get("trusted").asBoolean());
        assertEquals("unsigned", listed.get("problem").asText());
        refusedEverywhere(id + ".sql.gz", "unsigned");
    }

    @Test
    void oneChangedByteIsRefused() throws IOException {
        Manifest copy = copyOfFull("20250102-000001");
        byte[] data = Files.readAllBytes(shop.store.resolve(copy.file()));
        data[data.length / 2] ^= 0x01;
        Files.write(shop.store.resolve(copy.file()), data);
        refusedEverywhere(copy.file(), "file_altered");
    }

    @Test
    void aPlantedStatementInAWellFormedFileIsRefused() throws IOException {
        Manifest copy = copyOfFull("20250102-000002");
        byte[] plain = ForgedBackups.gunzip(Files.readAllBytes(shop.store.resolve(copy.file())));
        byte[] planted = ForgedBackups.rewrite(plain, (toc, sql) -> "table".equals(toc.kind()) ? payload() : sql);
        Files.write(shop.store.resolve(copy.file()), ForgedBackups.gzip(planted));
        refusedEverywhere(copy.file(), "file_altered");
    }

    @Test
    void aChangedManifestIsRefused() throws IOException {
        Manifest copy = copyOfFull("20250102-000003");
        Path manifest = shop.store.resolve(BackupNames.manifestFile(copy.id()));
        ObjectNode json = (ObjectNode) JSON.readTree(manifest.toFile());
        ((ObjectNode) json.get("tables").get(0)).put("rows", 12345);
        Files.write(manifest, JSON.writeValueAsBytes(json));
        refusedEverywhere(copy.file(), "manifest_altered");
    }

    @Test
    void aChangedHeaderIsRefusedEvenWhenTheFileIsSignedAgain() throws IOException {
        Manifest copy = copyOfFull("20250102-000004");
        byte[] plain = ForgedBackups.gunzip(Files.readAllBytes(shop.store.resolve(copy.file())));
        byte[] other = ForgedBackups.withHeaderId(plain, copy.id(), "backup-full-20250102-999999");
        Files.write(shop.store.resolve(copy.file()), ForgedBackups.gzip(other));
        refusedEverywhere(copy.file(), "file_altered");
        // With the signing key (leaked, or a confused operator): the header still names another backup.
        ForgedBackups.signAndStore(store, copy, ForgedBackups.gzip(other), key);
        refusedEverywhere(copy.file(), "header_mismatch");
    }

    @Test
    void aManifestPointingAtAnotherFileIsRefusedAndDeletesNothingElse() throws IOException {
        Manifest copy = copyOfFull("20250102-000005");
        Path manifest = shop.store.resolve(BackupNames.manifestFile(copy.id()));
        ObjectNode json = (ObjectNode) JSON.readTree(manifest.toFile());
        json.put("file", full);
        Files.write(manifest, JSON.writeValueAsBytes(json));
        refusedEverywhere(copy.id(), "manifest_altered");
        // Signed again with the key, the name still does not fit the id.
        Manifest pointing = Manifest.parse(JSON.writeValueAsBytes(json));
        Files.write(manifest, Authenticity.sign(ForgedBackups.forManifest(pointing,
                Files.readAllBytes(shop.store.resolve(full)), key), key));
        refusedEverywhere(copy.id(), "name_mismatch");
        // Deleting the planted backup removes its own files, never the one its manifest points at.
        tools.ok("db_delete_backup", "{\"backupFile\":\"" + copy.id() + "\"}");
        assertTrue(Files.exists(shop.store.resolve(full)), "the real backup is still there");
        assertFalse(Files.exists(manifest));
        assertFalse(Files.exists(shop.store.resolve(copy.file())));
        assertTrue(tools.ok("db_validate_backup", "{\"backupFile\":\"" + full + "\"}").get("valid").asBoolean());
    }

    @Test
    void aChangedEncryptionFlagIsRefused() throws IOException {
        Manifest copy = copyOfFull("20250102-000006");
        Path manifest = shop.store.resolve(BackupNames.manifestFile(copy.id()));
        ObjectNode json = (ObjectNode) JSON.readTree(manifest.toFile());
        json.putObject("encryption").put("algorithm", "AES-256-GCM").put("keyId", "0011223344556677")
                .put("chunkSize", 262144);
        json.put("file", copy.file() + ".enc");
        Files.move(shop.store.resolve(copy.file()), shop.store.resolve(copy.file() + ".enc"));
        Files.write(manifest, JSON.writeValueAsBytes(json));
        refusedEverywhere(copy.id(), "manifest_altered");
    }

    @Test
    void signedFilesStillRunOnlyWhatTheDumperWrites() throws IOException {
        // A leaked signing key (or an administrator re-signing in error) does not make arbitrary SQL run.
        Map<String, String> planted = Map.ofEntries(
                Map.entry("table", "COPY (SELECT 1) TO PROGRAM 'id > " + marker + "';\n"),
                Map.entry("index", "COPY shop.notes FROM '/etc/passwd';\n"),
                Map.entry("function", "DO $$ BEGIN PERFORM 1; END $$;\n"),
                Map.entry("sequence", "ALTER SYSTEM SET log_statement = 'all';\n"),
                Map.entry("session", com.dbadmin.backup.format.DumpFormat.SESSION_SETTINGS + "SET ROLE postgres;\n"),
                Map.entry("search_path", "SET search_path = \"shop\";\nSET SESSION AUTHORIZATION postgres;\n"),
                Map.entry("constraint", "LOAD 'auto_explain';\n"),
                Map.entry("trigger", "GRANT ALL ON SCHEMA shop TO PUBLIC;\n"),
                Map.entry("foreign_key", "CREATE ROLE intruder SUPERUSER;\n"),
                Map.entry("sequence_owner", "ALTER SEQUENCE \"customers_id_seq\" OWNED BY customers.id;\n"
                        + "DROP TABLE \"notes\";\n"),
                Map.entry("schema", "CREATE TABLE \"x\" AS SELECT pg_read_file('/etc/passwd');\n"),
                Map.entry("table_data", "SELECT pg_catalog.set_config('role', 'postgres', false);\n"));
        int n = 10;
        for (Map.Entry<String, String> plant : planted.entrySet()) {
            Manifest copy = copyOfFull("20250103-0000" + n++);
            byte[] plain = ForgedBackups.gunzip(Files.readAllBytes(shop.store.resolve(copy.file())));
            boolean[] done = {false};
            byte[] forged = ForgedBackups.rewrite(plain, (toc, sql) -> {
                if (!done[0] && toc.kind().equals(plant.getKey())) {
                    done[0] = true;
                    return plant.getValue();
                }
                return sql;
            });
            assertTrue(done[0], "the backup has a " + plant.getKey() + " entry");
            ForgedBackups.signAndStore(store, copy, ForgedBackups.gzip(forged), key);
            refusedEverywhere(copy.file(), "statement_refused");
        }
    }

    @Test
    void anotherServersBackupIsRefusedUntilAnAdministratorReviewsAndReSignsIt() throws IOException {
        String foreign;
        try (ShopDatabase other = ShopDatabase.create("backup_authenticity_other",
                Map.of("db-admin.backup.signing-key", OTHER_SIGNING_KEY))) {
            foreign = other.server.tools().ok("db_backup_full", "{}").get("backup").asText();
            Files.copy(other.store.resolve(foreign), shop.store.resolve(foreign));
            Files.copy(other.store.resolve(id(foreign) + ".manifest.json"), shop.store.resolve(id(foreign) + ".manifest.json"));
        }
        refusedEverywhere(foreign, "unknown_signing_key");

        ObjectNode review = tools.ok("db_trust_backup", "{\"backupFile\":\"" + foreign + "\"}");
        assertFalse(review.get("trusted").asBoolean());
        assertEquals(0, review.get("refused").size(), review.toString());
        assertEquals(3, review.get("statements").get("table_data").asInt(), review.toString());
        assertTrue(review.get("functions").toString().contains("shop.touch() LANGUAGE plpgsql"), review.toString());
        assertTrue(review.get("objects").toString().contains("table shop.orders"), review.toString());
        refusedEverywhere(foreign, "unknown_signing_key");

        ObjectNode trusted = tools.ok("db_trust_backup", "{\"backupFile\":\"" + foreign + "\",\"confirm\":true}");
        assertTrue(trusted.get("trusted").asBoolean());
        String resigned = trusted.get("backup").asText();
        assertTrue(tools.ok("db_validate_backup", "{\"backupFile\":\"" + resigned + "\"}").get("valid").asBoolean());
        ObjectNode restored = tools.ok("db_restore_full", "{\"backupFile\":\"" + resigned + "\",\"dryRun\":true,"
                + "\"onConflict\":\"skip\"}");
        assertEquals(1203, restored.get("totals").get("skipped").asInt(), restored.toString());

        // A file holding a statement a restore refuses cannot be re-signed.
        Manifest copy = copyOfFull("20250104-000001");
        byte[] plain = ForgedBackups.gunzip(Files.readAllBytes(shop.store.resolve(copy.file())));
        Files.write(shop.store.resolve(copy.file()), ForgedBackups.gzip(ForgedBackups.rewrite(plain,
                (toc, sql) -> "trigger".equals(toc.kind()) ? payload() : sql)));
        ObjectNode refusedReview = tools.ok("db_trust_backup", "{\"backupFile\":\"" + copy.file() + "\"}");
        assertEquals(1, refusedReview.get("refused").size(), refusedReview.toString());
        int before = tools.ok("db_list_backups", "{}").get("total").asInt();
        ToolOutcome refused = tools.fails(ErrorCode.DB_422_CONSTRAINT, "db_trust_backup",
                "{\"backupFile\":\"" + copy.file() + "\",\"confirm\":true}");
        assertEquals("statement_refused", refused.error().details().get("reason"));
        assertEquals(before, tools.ok("db_list_backups", "{}").get("total").asInt(), "nothing was written");
        assertFalse(Files.exists(marker));
    }

    @Test
    void reSigningIsForAdministratorsOnly() {
        Tools restorer = new Tools(shop.server.bean(com.dbadmin.tool.ToolInvoker.class), new com.dbadmin.call.CallContext(
                "restorer", java.util.Set.of(com.dbadmin.call.Scope.RESTORE, com.dbadmin.call.Scope.BACKUP), true,
                com.dbadmin.call.Transport.REST, null, null, null));
        restorer.fails(ErrorCode.DB_403_ACCESS_DENIED, "db_trust_backup", "{\"backupFile\":\"" + full + "\"}");
    }

    @Test
    void anUnencryptedBackupIsRefusedWhileAKeyIsConfigured() throws IOException {
        Map<String, String> encrypted = Map.of("db-admin.backup.dir", shop.store.toString(),
                "db-admin.backup.signing-key", SIGNING_KEY, "db-admin.backup.encryption-key", ENCRYPTION_KEY);
        try (ServerContext withKey = ServerContext.on(shop.name, encrypted)) {
            Tools keyed = withKey.tools();
            for (String call : List.of("db_validate_backup", "db_restore_full", "db_restore_table")) {
                String args = call.equals("db_restore_table") ? "{\"backupFile\":\"" + full + "\",\"table\":\"shop.notes\","
                        + "\"dryRun\":true}" : call.equals("db_restore_full") ? "{\"backupFile\":\"" + full
                        + "\",\"dryRun\":true}" : "{\"backupFile\":\"" + full + "\"}";
                ToolOutcome outcome = keyed.fails(ErrorCode.DB_422_CONSTRAINT, call, args);
                assertEquals("unencrypted", outcome.error().details().get("reason"), outcome.error().getMessage());
            }
            // The administrator's way out: an encrypted, signed copy.
            ObjectNode copy = keyed.ok("db_trust_backup", "{\"backupFile\":\"" + full + "\",\"confirm\":true}");
            assertTrue(copy.get("encrypted").asBoolean(), copy.toString());
            assertTrue(copy.get("backup").asText().endsWith(".sql.gz.enc"));
            ObjectNode dry = keyed.ok("db_restore_full", "{\"backupFile\":\"" + copy.get("backup").asText()
                    + "\",\"dryRun\":true,\"onConflict\":\"skip\"}");
            assertEquals(1203, dry.get("totals").get("skipped").asInt(), dry.toString());
        }
        assertFalse(Files.exists(marker));
        assertEquals(rowsBefore, shop.checksums());
    }

    @Test
    void theVerifyCommandChecksWhatARestoreChecksWithoutTheServer() throws Exception {
        Manifest copy = copyOfFull("20250105-000001");
        Path manifest = shop.store.resolve(BackupNames.manifestFile(copy.id()));
        Path data = shop.store.resolve(copy.file());
        assertEquals(0, verify(manifest, data, SIGNING_KEY).exitCode(), "the signed file verifies");
        assertEquals(1, verify(manifest, data, OTHER_SIGNING_KEY).exitCode(), "another key does not");
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length / 3] ^= 0x01;
        Files.write(data, bytes);
        CommandResult altered = verify(manifest, data, SIGNING_KEY);
        assertEquals(1, altered.exitCode());
        assertTrue(altered.output().contains("file_altered"), altered.output());
    }

    record CommandResult(int exitCode, String output) {
    }

    static CommandResult verify(Path manifest, Path data, String signingKey) throws Exception {
        ProcessBuilder command = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-cp",
                System.getProperty("java.class.path"), BackupFileCommand.class.getName(), "verify", manifest.toString(),
                data.toString()).redirectErrorStream(true);
        command.environment().put("DB_ADMIN_BACKUP_SIGNING_KEY", signingKey);
        command.environment().put("DB_ADMIN_BACKUP_SIGNING_KEY_FILE", manifest.resolveSibling("none.key").toString());
        Process process = command.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new CommandResult(process.waitFor(), output);
    }

    static ObjectNode find(ObjectNode list, String id) {
        for (var backup : list.get("backups")) {
            if (backup.get("id").asText().equals(id)) {
                return (ObjectNode) backup;
            }
        }
        throw new AssertionError(id + " not listed: " + list);
    }

    static String id(String file) {
        return BackupNames.idOf(file, "file");
    }

    static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
