package com.dbadmin.backup;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.support.Tools;
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
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Names given by clients are names in the store, never paths; restricted tables stay out of every
 * backup tool (backup, export, import, restore) and out of every file written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupSafetyTest {
    ShopDatabase shop;
    Tools tools;
    Path outside;
    /** A backup made by a server with a different policy (here: no restrictions): it holds users. */
    String unrestricted;

    @BeforeAll
    void setUp() throws IOException {
        shop = ShopDatabase.create("backup_safety", Map.of());
        tools = shop.server.tools();
        try (ShopDatabase open = ShopDatabase.create("backup_safety_open",
                Map.of("db-admin.policy.restricted-tables", ""))) {
            unrestricted = open.server.tools().ok("db_backup_full", "{}").get("backup").asText();
            assertTrue(gunzipped(open.store.resolve(unrestricted)).contains("top-secret-password"));
            for (String file : new String[]{unrestricted, unrestricted.replace(".sql.gz", ".manifest.json")}) {
                Files.copy(open.store.resolve(file), shop.store.resolve(file));
            }
        }
        // Files just outside the store, which a path in a name would reach.
        outside = shop.store.getParent().resolve("outside-" + shop.store.getFileName());
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("rows.json"), "[{\"id\": 99, \"body\": \"smuggled\"}]");
        Files.writeString(outside.resolve("rows.csv"), "id,body\n99,smuggled\n");
        Files.writeString(shop.store.getParent().resolve("rows.json"), "[{\"id\": 98, \"body\": \"smuggled\"}]");
    }

    @AfterAll
    void tearDown() {
        shop.close();
    }

    static final List<String> BAD_NAMES = List.of(
            "../rows.json", "../../etc/passwd", "/etc/passwd", "..\\rows.json", "sub/rows.json", "C:\\rows.json",
            "c:rows.json", "rows.json\u0000.csv", "rows\n.json", ".hidden.json", "..", ".", "backup-full-x",
            "backup-full-20250101-020000.sql.gz/../../x", "%2e%2e%2frows.json", "~/rows.json", "rows.json/..");

    @Test
    void namesThatAreNotStoreNamesAreRefusedByEveryTool() {
        String backup = tools.ok("db_backup_full", "{}").get("backup").asText();
        for (String bad : BAD_NAMES) {
            String name = ObjectNode.class.cast(Tools.json("{}")).textNode(bad).toString();
            refused("db_restore_full", "{\"backupFile\":" + name + "}", bad);
            refused("db_restore_table", "{\"backupFile\":" + name + ",\"table\":\"shop.notes\"}", bad);
            refused("db_validate_backup", "{\"backupFile\":" + name + "}", bad);
            refused("db_delete_backup", "{\"backupFile\":" + name + "}", bad);
            refused("db_backup_incremental", "{\"baseBackup\":" + name + "}", bad);
            refused("db_import_json", "{\"table\":\"shop.notes\",\"jsonFile\":" + name + "}", bad);
            refused("db_import_csv", "{\"table\":\"shop.notes\",\"csvFile\":" + name + "}", bad);
        }
        assertEquals(3, shop.count("SELECT count(*) FROM shop.notes"), "nothing was imported");
        assertTrue(Files.exists(shop.store.resolve(backup)), "nothing was deleted");
        assertTrue(tools.ok("db_list_backups", "{}").get("backups").toString().contains(backup));
    }

    private void refused(String tool, String arguments, String bad) {
        ToolOutcome outcome = tools.call(tool, arguments);
        assertFalse(outcome.success(), () -> tool + " accepted " + bad.replace("\n", "\\n"));
        assertEquals(ErrorCode.DB_400_VALIDATION, outcome.error().code(),
                () -> tool + " with " + bad.replace("\n", "\\n") + ": " + outcome.error().getMessage());
    }

    @Test
    void restrictedTablesAreUnreachableThroughEveryBackupTool() throws IOException {
        String full = tools.ok("db_backup_full", "{}").get("backup").asText();
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_backup_table", "{\"table\":\"shop.users\"}");
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_backup_table", "{\"table\":\"users\"}");
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_backup_table", "{\"table\":\"SHOP.Users\"}");
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_export_json", "{\"table\":\"shop.users\"}");
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_export_csv", "{\"table\":\"users\",\"where\":{\"id\":1}}");
        Files.writeString(shop.store.resolve("users.json"), "[{\"id\": 2, \"login\": \"x\", \"secret\": \"y\"}]");
        Files.writeString(shop.store.resolve("users.csv"), "id,login,secret\n2,x,y\n");
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_import_json", "{\"table\":\"shop.users\",\"jsonFile\":\"users.json\"}");
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_import_csv", "{\"table\":\"users\",\"csvFile\":\"users.csv\"}");
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_restore_table",
                "{\"backupFile\":\"" + full + "\",\"table\":\"shop.users\"}");
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_restore_full",
                "{\"backupFile\":\"" + full + "\",\"tables\":[\"shop.notes\",\"users\"]}");
        tools.fails(ErrorCode.DB_403_ACCESS_DENIED, "db_restore_full",
                "{\"backupFile\":\"" + full + "\",\"tables\":[\"shop.notes\"],\"targetSchema\":\"dbadmin\"}");
        assertEquals(1, shop.count("SELECT count(*) FROM shop.users"), "restricted rows untouched");

        // Nothing a backup tool wrote mentions the restricted table or its rows.
        String incremental = tools.ok("db_backup_incremental", "{\"baseBackup\":\"" + full + "\"}").get("backup").asText();
        String orders = tools.ok("db_backup_table", "{\"table\":\"shop.orders\"}").get("backup").asText();
        for (String file : List.of(full, incremental, orders)) {
            String text = gunzipped(shop.store.resolve(file));
            assertFalse(text.contains("top-secret-password"), file);
            assertFalse(text.contains("\"users\""), file);
            assertFalse(Files.readString(shop.store.resolve(file.replace(".sql.gz", ".manifest.json"))).contains("users"),
                    file);
        }
        ObjectNode validated = tools.ok("db_validate_backup", "{\"backupFile\":\"" + full + "\"}");
        assertTrue(validated.get("valid").asBoolean(), validated.toString());
        validated.get("tables").forEach(t -> assertNotEquals("shop.users", t.get("table").asText()));
    }

    @Test
    void aBackupFileCarryingARestrictedTableIsNotRestored() throws IOException {
        String full = unrestricted;
        shop.sql("DELETE FROM shop.users");
        ToolOutcome outcome = tools.fails(ErrorCode.DB_403_ACCESS_DENIED, "db_restore_full",
                "{\"backupFile\":\"" + full + "\",\"dropExisting\":true}");
        assertTrue(outcome.error().getMessage().contains("tables"), outcome.error().getMessage());
        assertEquals(0, shop.count("SELECT count(*) FROM shop.users"));
        // The others can still be restored, by naming them.
        ObjectNode restored = tools.ok("db_restore_full", "{\"backupFile\":\"" + full
                + "\",\"tables\":[\"shop.notes\"],\"onConflict\":\"skip\"}");
        assertEquals(3, restored.get("totals").get("skipped").asInt(), restored.toString());
        assertEquals(0, shop.count("SELECT count(*) FROM shop.users"));
        shop.sql("INSERT INTO shop.users VALUES (1, 'admin', 'top-secret-password')");
    }

    static String gunzipped(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
