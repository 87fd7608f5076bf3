package com.dbadmin.backup;

import com.dbadmin.backup.format.Manifest;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.support.Databases;
import com.dbadmin.support.PgTools;
import com.dbadmin.support.ServerContext;
import com.dbadmin.support.Tools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Incremental backups carry exactly the tables whose rows changed, chain to their base, restore as
 * base plus increments (with the tool, or with psql file by file); retention keeps what chains need.
 */
class IncrementalBackupTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void incrementsCarryChangedTablesAndRestoreAsAChain() throws IOException {
        try (ShopDatabase shop = ShopDatabase.create("backup_incremental", Map.of())) {
            Tools tools = shop.server.tools();
            String full = tools.ok("db_backup_full", "{}").get("backup").asText();

            shop.sql("UPDATE shop.notes SET body = 'changed' WHERE id = 1");
            ObjectNode first = tools.ok("db_backup_incremental", "{\"baseBackup\":\"" + full + "\"}");
            assertEquals(List.of("shop.notes"), texts(first.get("changed_tables")));
            assertEquals(2, first.get("unchanged_tables").asInt());
            assertEquals(id(full), first.get("base_backup").asText());

            shop.sql("INSERT INTO shop.orders (customer_id, total) VALUES (3, 12.5)");
            shop.sql("DELETE FROM shop.notes WHERE id = 3");
            // Read, locked and vacuumed but not changed: not carried.
            shop.sql("SELECT * FROM shop.customers FOR UPDATE");
            shop.sql("VACUUM ANALYZE shop.customers");
            ObjectNode second = tools.ok("db_backup_incremental", "{}");
            assertEquals(first.get("id").asText(), second.get("base_backup").asText(), "defaults to the newest backup");
            assertEquals(List.of("shop.notes", "shop.orders"), texts(second.get("changed_tables")).stream().sorted().toList());
            assertEquals(List.of(id(full), first.get("id").asText(), second.get("id").asText()), texts(second.get("chain")));

            ObjectNode nothing = tools.ok("db_backup_incremental", "{}");
            assertEquals(0, nothing.get("changed_tables").size());

            Map<String, String> expected = shop.checksums();
            Map<String, String> sequences = PgTools.sequences(shop.name, "shop");
            expected.remove("shop.users");

            // With the tool: the last increment restores its whole chain.
            String viaTool = Databases.fresh("backup_incremental_tool");
            try (ServerContext restore = ServerContext.on(viaTool, Map.of("db-admin.backup.dir", shop.store.toString()))) {
                ObjectNode report = restore.tools().ok("db_restore_full",
                        "{\"backupFile\":\"" + second.get("backup").asText() + "\"}");
                assertEquals(3, report.get("chain").size());
                assertTrue(restore.tools().ok("db_validate_backup", "{\"backupFile\":\"" + second.get("backup").asText()
                        + "\"}").get("valid").asBoolean());
            }
            assertEquals(expected, PgTools.contentChecksums(viaTool, "shop"));
            assertEquals(sequences, PgTools.sequences(viaTool, "shop"));
            assertEquals(PgTools.schema(shop.name, "shop.users"), PgTools.schema(viaTool));

            // With psql alone: the full backup, then each increment in order.
            String viaPsql = Databases.fresh("backup_incremental_psql");
            for (String file : List.of(full, first.get("backup").asText(), second.get("backup").asText())) {
                PgTools.psqlFile(viaPsql, BackupFidelityTest.gunzip(shop.store.resolve(file)));
            }
            assertEquals(expected, PgTools.contentChecksums(viaPsql, "shop"));
            assertEquals(sequences, PgTools.sequences(viaPsql, "shop"));
            assertEquals(PgTools.schema(shop.name, "shop.users"), PgTools.schema(viaPsql));

            // A base that increments need cannot be deleted; a changed schema needs a new full backup.
            tools.fails(ErrorCode.DB_409_CONFLICT, "db_delete_backup", "{\"backupFile\":\"" + full + "\"}");
            shop.sql("ALTER TABLE shop.notes ADD COLUMN extra text");
            tools.fails(ErrorCode.DB_409_CONFLICT, "db_backup_incremental", "{}");
            shop.sql("ALTER TABLE shop.notes DROP COLUMN extra");
        }
    }

    /**
     * Changed partitions restore with psql and with the tool (fixtures/backup_partitions.sql): orders
     * reference the partitioned people, so the key goes before people_low_a is emptied (TRUNCATE refuses
     * otherwise); the row triggers events_2024 inherits from events would log its reloaded rows into
     * event_log again, so they are off while it loads, and come back in their state (ALWAYS too). An
     * event trigger refuses DDL on the schema: the restores' own DDL runs before it exists, while it is
     * off, or (dropExisting) after it is dropped.
     */
    @Test
    void incrementsReloadPartitionsUnderForeignKeysAndInheritedTriggers() throws IOException {
        String source = Databases.fresh("backup_incremental_partitions");
        Databases.loadFixture(source, "backup_partitions.sql");
        Path store = Files.createTempDirectory("backups-partitions");
        List<String> files = new ArrayList<>();
        try (ServerContext server = ServerContext.on(source, Map.of("db-admin.backup.dir", store.toString()))) {
            files.add(server.tools().ok("db_backup_full", "{}").get("backup").asText());
            Databases.execute(source, "UPDATE part.people SET name = 'renamed' WHERE id = 2");
            Databases.execute(source, "INSERT INTO part.events VALUES (100, '2024-06-01')");
            ObjectNode increment = server.tools().ok("db_backup_incremental", "{}");
            assertEquals(List.of("part.event_log", "part.events_2024", "part.people_low_a"),
                    texts(increment.get("changed_tables")).stream().sorted().toList());
            files.add(increment.get("backup").asText());
        }
        Map<String, String> expected = PgTools.contentChecksums(source, "part");
        String triggers = "SELECT (SELECT string_agg(format('%s %s %s', tgrelid::regclass, tgname, tgenabled), ', '"
                + " ORDER BY tgrelid::regclass::text, tgname) FROM pg_trigger WHERE tgname LIKE 'events%') || ' | '"
                + " || (SELECT string_agg(format('%s %s', evtname, evtenabled), ', ' ORDER BY evtname) FROM pg_event_trigger)";
        assertEquals("part.events events_counted O, part.events events_logged O, part.events events_mirrored A,"
                + " part.events_2024 events_logged O, part.events_2024 events_mirrored A,"
                + " part.events_2025 events_logged O, part.events_2025 events_mirrored A | part_frozen O",
                Databases.text(source, triggers));

        String viaPsql = Databases.fresh("backup_incremental_partitions_psql");
        for (String file : files) {
            PgTools.psqlFile(viaPsql, BackupFidelityTest.gunzip(store.resolve(file)));
        }
        assertEquals(expected, PgTools.contentChecksums(viaPsql, "part"));
        assertEquals(Databases.text(source, triggers), Databases.text(viaPsql, triggers));

        String viaTool = Databases.fresh("backup_incremental_partitions_tool");
        try (ServerContext restore = ServerContext.on(viaTool, Map.of("db-admin.backup.dir", store.toString()))) {
            restore.tools().ok("db_restore_full", "{\"backupFile\":\"" + files.get(1) + "\"}");
            assertEquals(expected, PgTools.contentChecksums(viaTool, "part"));
            assertEquals(Databases.text(source, triggers), Databases.text(viaTool, triggers));

            // Again over it: the existing event trigger is dropped before the foreign keys it would refuse.
            ObjectNode again = restore.tools().ok("db_restore_full", "{\"backupFile\":\"" + files.get(1)
                    + "\",\"dropExisting\":true}");
            assertTrue(again.get("dropped").toString().contains("event_trigger part_frozen"), again.get("dropped").toString());
        }
        assertEquals(expected, PgTools.contentChecksums(viaTool, "part"));
        assertEquals(Databases.text(source, triggers), Databases.text(viaTool, triggers));
    }

    @Test
    void retentionDeletesOldBackupsButKeepsChainsAndTheNewestFull() throws IOException {
        try (ShopDatabase shop = ShopDatabase.create("backup_retention", Map.of("db-admin.backup.retention-days", "3"))) {
            Tools tools = shop.server.tools();
            String f1 = id(tools.ok("db_backup_full", "{}").get("backup").asText());
            String t1 = id(tools.ok("db_backup_table", "{\"table\":\"shop.notes\"}").get("backup").asText());
            String f2 = id(tools.ok("db_backup_full", "{}").get("backup").asText());
            shop.sql("UPDATE shop.notes SET body = 'x' WHERE id = 1");
            String i1 = id(tools.ok("db_backup_incremental", "{\"baseBackup\":\"" + f2 + "\"}").get("backup").asText());
            shop.sql("UPDATE shop.notes SET body = 'y' WHERE id = 1");
            String i2 = id(tools.ok("db_backup_incremental", "{\"baseBackup\":\"" + i1 + "\"}").get("backup").asText());
            String export = id(tools.ok("db_export_csv", "{\"table\":\"shop.notes\"}").get("file").asText());
            BackupKeys keys = shop.server.bean(BackupKeys.class);
            age(shop.store, keys, f1, 10);
            age(shop.store, keys, t1, 9);
            age(shop.store, keys, f2, 8);
            age(shop.store, keys, i1, 6);
            age(shop.store, keys, i2, 1);
            age(shop.store, keys, export, 30);

            String f3 = id(tools.ok("db_backup_full", "{}").get("backup").asText());
            assertEquals(List.of(export, f2, i1, i2, f3).stream().sorted().toList(), listed(tools),
                    "f1 and t1 are past retention; f2 and i1 stay because i2 builds on them; exports stay");
            assertFalse(Files.exists(shop.store.resolve(f1 + ".sql.gz")));

            // Everything ages out; the next backup is a table backup. The newest full backup survives.
            for (String id : List.of(f2, i1, i2, f3)) {
                age(shop.store, keys, id, 5);
            }
            String t2 = id(tools.ok("db_backup_table", "{\"table\":\"shop.notes\"}").get("backup").asText());
            assertEquals(List.of(export, f3, t2).stream().sorted().toList(), listed(tools));
        }
    }

    /** Pretends a backup was taken {@code days} ago: its manifest's creation time, signed again by the server. */
    static void age(Path store, BackupKeys keys, String id, int days) throws IOException {
        Path manifest = store.resolve(id + ".manifest.json");
        ObjectNode node = (ObjectNode) JSON.readTree(manifest.toFile());
        node.put("created", Instant.now().minus(Duration.ofDays(days)).toString());
        Files.write(manifest, Authenticity.sign(Manifest.parse(JSON.writeValueAsBytes(node)), keys.signing()));
    }

    static List<String> listed(Tools tools) {
        List<String> ids = new ArrayList<>();
        tools.ok("db_list_backups", "{\"limit\":1000}").get("backups").forEach(b -> ids.add(b.get("id").asText()));
        return ids.stream().sorted().toList();
    }

    static String id(String file) {
        return file.replaceAll("\\.(sql|json|csv).*$", "");
    }

    static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
