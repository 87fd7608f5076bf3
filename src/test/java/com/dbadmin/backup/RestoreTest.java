package com.dbadmin.backup;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.support.Databases;
import com.dbadmin.support.PgTools;
import com.dbadmin.support.Tools;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Restores: one table, a subset, into another schema, dry runs, conflict modes, dropExisting; and the
 * crash cases: a restore that fails near its end, or reads a corrupt or cut file, changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreTest {
    ShopDatabase shop;
    Tools tools;
    String full;
    Map<String, String> original;

    @BeforeAll
    void setUp() {
        shop = ShopDatabase.create("backup_restore", Map.of());
        tools = shop.server.tools();
        full = tools.ok("db_backup_full", "{}").get("backup").asText();
        original = shop.checksums();
    }

    @AfterAll
    void tearDown() {
        shop.close();
    }

    /**
     * The rows a restore merges into an existing table fire none of its triggers, ALWAYS triggers included
     * (they fire whatever the session's replication role), and every trigger keeps its state afterwards.
     */
    @Test
    void aMergeFiresNoTriggerAndLeavesEachInItsState() {
        shop.sql("""
                CREATE SCHEMA restore_probe;
                CREATE TABLE restore_probe.fired (trigger_name text);
                CREATE FUNCTION restore_probe.note() RETURNS trigger LANGUAGE plpgsql AS
                  $$BEGIN INSERT INTO restore_probe.fired VALUES (TG_NAME); RETURN NEW; END$$;
                CREATE TRIGGER probe_always AFTER INSERT OR UPDATE ON shop.customers
                  FOR EACH ROW EXECUTE FUNCTION restore_probe.note();
                ALTER TABLE shop.customers ENABLE ALWAYS TRIGGER probe_always;
                CREATE TRIGGER probe_plain AFTER INSERT OR UPDATE ON shop.customers
                  FOR EACH ROW EXECUTE FUNCTION restore_probe.note();
                """);
        try {
            tools.ok("db_restore_table", "{\"backupFile\":\"" + full
                    + "\",\"table\":\"shop.customers\",\"onConflict\":\"overwrite\"}");
            assertEquals(0, shop.count("SELECT count(*) FROM restore_probe.fired"), "no trigger fired during the load");
            assertEquals(1, shop.count("SELECT count(*) FROM pg_trigger WHERE tgname = 'probe_always' AND tgenabled = 'A'"),
                    "the ALWAYS trigger is ALWAYS again");
            assertEquals(1, shop.count("SELECT count(*) FROM pg_trigger WHERE tgname = 'probe_plain' AND tgenabled = 'O'"));
        } finally {
            shop.sql("DROP TRIGGER probe_always ON shop.customers; DROP TRIGGER probe_plain ON shop.customers;"
                    + " DROP SCHEMA restore_probe CASCADE");
        }
        assertEquals(original, shop.checksums());
    }

    @Test
    void restoreTableBringsBackRowsWithEachConflictMode() {
        shop.sql("UPDATE shop.customers SET note = 'vandalised' WHERE id <= 20");
        shop.sql("DELETE FROM shop.orders WHERE customer_id = 150");
        shop.sql("DELETE FROM shop.customers WHERE id = 150");
        Map<String, String> damaged = shop.checksums();

        ObjectNode dry = tools.ok("db_restore_table", "{\"backupFile\":\"" + full
                + "\",\"table\":\"customers\",\"onConflict\":\"overwrite\",\"dryRun\":true}");
        assertTrue(dry.get("dry_run").asBoolean());
        assertEquals(1, dry.get("totals").get("inserted").asInt(), dry.toString());
        assertEquals(199, dry.get("totals").get("updated").asInt());
        assertTrue(dry.get("existing").toString().contains("\"table shop.customers\""), dry.toString());
        assertEquals(damaged, shop.checksums(), "a dry run changes nothing");

        tools.fails(ErrorCode.DB_409_CONFLICT, "db_restore_table",
                "{\"backupFile\":\"" + full + "\",\"table\":\"shop.customers\"}");
        assertEquals(damaged, shop.checksums());

        ObjectNode skip = tools.ok("db_restore_table", "{\"backupFile\":\"" + full
                + "\",\"table\":\"shop.customers\",\"onConflict\":\"skip\"}");
        assertEquals(1, skip.get("totals").get("inserted").asInt());
        assertEquals(199, skip.get("totals").get("skipped").asInt());
        assertEquals(20, shop.count("SELECT count(*) FROM shop.customers WHERE note = 'vandalised'"), "skip keeps rows");

        ObjectNode overwrite = tools.ok("db_restore_table", "{\"backupFile\":\"" + full
                + "\",\"table\":\"shop.customers\",\"onConflict\":\"overwrite\"}");
        assertEquals(200, overwrite.get("totals").get("updated").asInt(), overwrite.toString());
        tools.ok("db_restore_table", "{\"backupFile\":\"" + full + "\",\"table\":\"shop.orders\",\"onConflict\":\"skip\"}");
        assertEquals(original, shop.checksums());
    }

    @Test
    void restoreIntoAnotherSchemaLeavesTheLiveTablesAlone() {
        shop.sql("UPDATE shop.notes SET body = 'live' WHERE id = 1");
        ObjectNode report = tools.ok("db_restore_full", "{\"backupFile\":\"" + full
                + "\",\"tables\":[\"shop.notes\",\"shop.orders\"],\"targetSchema\":\"inspect\"}");
        assertEquals("inspect", report.get("target_schema").asText());
        assertEquals("first", Databases.text(shop.name, "SELECT body FROM inspect.notes WHERE id = 1"));
        assertEquals("live", Databases.text(shop.name, "SELECT body FROM shop.notes WHERE id = 1"));
        assertEquals(1000, shop.count("SELECT count(*) FROM inspect.orders"));
        assertEquals(0, shop.count("SELECT count(*) FROM pg_constraint WHERE conrelid = 'inspect.orders'::regclass"
                + " AND contype = 'f'"), "no foreign key from the copy to live tables");
        assertTrue(report.get("warnings").toString().contains("orders_customer_id_fkey"), report.toString());
        assertEquals(shop.count("SELECT sum(total_cents) FROM shop.orders"),
                shop.count("SELECT sum(total_cents) FROM inspect.orders"));
        shop.sql("DROP SCHEMA inspect CASCADE");
        shop.sql("UPDATE shop.notes SET body = 'first' WHERE id = 1");
    }

    @Test
    void dropExistingRecreatesTheTablesExactly() {
        shop.sql("ALTER TABLE shop.notes ADD COLUMN extra text");
        shop.sql("INSERT INTO shop.notes VALUES (9, 'new', 'x')");
        ObjectNode report = tools.ok("db_restore_full", "{\"backupFile\":\"" + full + "\",\"dropExisting\":true}");
        assertTrue(report.get("dropped").toString().contains("shop.notes"), report.toString());
        assertEquals(0, shop.count("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'shop'"
                + " AND table_name = 'notes' AND column_name = 'extra'"));
        assertEquals(original, shop.checksums());
        // Objects outside the restore that depend on a restored table stop it (no CASCADE): nothing changes.
        shop.sql("CREATE VIEW public.note_bodies AS SELECT body FROM shop.notes");
        ToolOutcome refused = tools.fails(ErrorCode.DB_409_CONFLICT, "db_restore_full",
                "{\"backupFile\":\"" + full + "\",\"tables\":[\"shop.notes\"],\"dropExisting\":true}");
        assertTrue(refused.error().getMessage().contains("depend"), refused.error().getMessage());
        assertEquals(3, shop.count("SELECT count(*) FROM public.note_bodies"));
        shop.sql("DROP VIEW public.note_bodies");
    }

    @Test
    void aRestoreFailingNearItsEndLeavesTheDatabaseAsItWas() {
        // Into an empty copy that already holds one conflicting order: customers and notes load first,
        // the conflict surfaces at shop.orders, late in the restore.
        String target = Databases.fresh("backup_restore_crash");
        Databases.execute(target, "CREATE SCHEMA shop; CREATE TABLE shop.orders (id bigint PRIMARY KEY,"
                + " customer_id integer, total numeric(10,2), tags text[], payload bytea, doc jsonb, total_cents bigint);"
                + " INSERT INTO shop.orders (id, customer_id, total) VALUES (1000, 1, 1)");
        String before = PgTools.schema(target);
        try (var restore = com.dbadmin.support.ServerContext.on(target, Map.of("db-admin.backup.dir", shop.store.toString()))) {
            ToolOutcome failed = restore.tools().fails(ErrorCode.DB_409_CONFLICT, "db_restore_full",
                    "{\"backupFile\":\"" + full + "\"}");
            assertTrue(failed.error().getMessage().contains("shop.orders"), failed.error().getMessage());
            assertTrue(failed.error().getMessage().contains("Nothing was changed"), failed.error().getMessage());
        }
        assertEquals(before, PgTools.schema(target), "no table, type or function was left behind");
        assertEquals(1, Databases.number(target, "SELECT count(*) FROM shop.orders"));
    }

    @Test
    void corruptOrCutFilesAreDetectedAndRestoreNothing() throws IOException {
        String name = tools.ok("db_backup_table", "{\"table\":\"shop.orders\"}").get("backup").asText();
        Path file = shop.store.resolve(name);
        byte[] good = Files.readAllBytes(file);
        shop.sql("DELETE FROM shop.orders WHERE id > 900");
        Map<String, String> damaged = shop.checksums();
        try {
            // One changed value inside the rows, file re-compressed: gzip is happy, the signature is not.
            String sql = gunzip(good).replaceFirst("\\{\"i\": 5,", "{\"i\": 6,");
            writeGzip(file, sql);
            assertAltered(tools.fails(ErrorCode.DB_422_CONSTRAINT, "db_validate_backup", "{\"backupFile\":\"" + name + "\"}"));
            assertAltered(tools.fails(ErrorCode.DB_422_CONSTRAINT, "db_restore_table", "{\"backupFile\":\"" + name
                    + "\",\"table\":\"shop.orders\",\"onConflict\":\"skip\"}"));
            assertEquals(damaged, shop.checksums());

            // The file cut in half.
            Files.write(file, java.util.Arrays.copyOf(good, good.length / 2));
            assertAltered(tools.fails(ErrorCode.DB_422_CONSTRAINT, "db_validate_backup", "{\"backupFile\":\"" + name + "\"}"));
            assertAltered(tools.fails(ErrorCode.DB_422_CONSTRAINT, "db_restore_table", "{\"backupFile\":\"" + name
                    + "\",\"table\":\"shop.orders\",\"onConflict\":\"skip\"}"));
            assertEquals(damaged, shop.checksums());
        } finally {
            Files.write(file, good);
        }
        assertTrue(tools.ok("db_validate_backup", "{\"backupFile\":\"" + name + "\"}").get("valid").asBoolean());
        ObjectNode restored = tools.ok("db_restore_table", "{\"backupFile\":\"" + name
                + "\",\"table\":\"shop.orders\",\"onConflict\":\"skip\"}");
        assertEquals(100, restored.get("totals").get("inserted").asInt());
        assertEquals(original, shop.checksums());
    }

    @Test
    void aDryRunLeavesKeptSequencesWhereTheyWere() {
        // setval is not transactional: a dry run must not move a sequence it did not create.
        shop.sql("SELECT setval('shop.customers_id_seq', 5)");
        tools.ok("db_restore_full", "{\"backupFile\":\"" + full + "\",\"dryRun\":true,\"onConflict\":\"skip\"}");
        assertEquals(5, shop.count("SELECT last_value FROM shop.customers_id_seq"));
        tools.ok("db_restore_full", "{\"backupFile\":\"" + full + "\",\"onConflict\":\"skip\"}");
        assertEquals(200, shop.count("SELECT last_value FROM shop.customers_id_seq"), "a real restore moves it forward");
        assertEquals(original, shop.checksums());
    }

    @Test
    void aDataOnlyBackupReloadsExistingTables() {
        ObjectNode dataOnly = tools.ok("db_backup_full", "{\"includeSchema\":false}");
        assertFalse(dataOnly.get("includes_schema").asBoolean());
        shop.sql("UPDATE shop.customers SET note = 'changed'");
        shop.sql("INSERT INTO shop.notes VALUES (77, 'extra')");
        ObjectNode report = tools.ok("db_restore_full", "{\"backupFile\":\"" + dataOnly.get("backup").asText()
                + "\",\"dropExisting\":true}");
        assertEquals(3, report.get("dropped").size(), "emptied: " + report.get("dropped"));
        assertEquals(0, report.get("created").size());
        assertEquals(original, shop.checksums());
    }

    @Test
    void listValidateAndDelete() {
        String table = tools.ok("db_backup_table", "{\"table\":\"shop.notes\",\"dataOnly\":true}").get("backup").asText();
        assertTrue(table.matches("backup-table-\\d{8}-\\d{6}-shop\\.notes\\.sql\\.gz"), table);
        ObjectNode list = tools.ok("db_list_backups", "{\"type\":\"table\"}");
        assertTrue(list.get("backups").toString().contains(table));
        list.get("backups").forEach(b -> assertEquals("table", b.get("type").asText()));
        ObjectNode bySize = tools.ok("db_list_backups", "{\"sortBy\":\"size\",\"limit\":1}");
        assertEquals(1, bySize.get("count").asInt());
        assertTrue(bySize.get("total").asInt() >= 2);
        ObjectNode valid = tools.ok("db_validate_backup", "{\"backupFile\":\"" + table + "\"}");
        assertTrue(valid.get("valid").asBoolean());
        assertEquals(3, valid.get("rows").asInt());
        ObjectNode deleted = tools.ok("db_delete_backup", "{\"backupFile\":\"" + table + "\"}");
        assertEquals(table, deleted.get("deleted").asText());
        assertFalse(Files.exists(shop.store.resolve(table)));
        assertFalse(Files.exists(shop.store.resolve(table.replace(".sql.gz", ".manifest.json"))));
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_validate_backup", "{\"backupFile\":\"" + table + "\"}");
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_delete_backup", "{\"backupFile\":\"" + table + "\"}");
    }

    private static void assertAltered(ToolOutcome outcome) {
        assertEquals("file_altered", outcome.error().details().get("reason"), outcome.error().getMessage());
    }

    static String gunzip(byte[] bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static void writeGzip(Path file, String text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
