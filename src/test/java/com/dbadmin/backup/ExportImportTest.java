package com.dbadmin.backup;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.support.Tools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** db_export_json / db_export_csv write files that db_import_json / db_import_csv read back exactly. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportImportTest {
    static final ObjectMapper JSON = new ObjectMapper();
    ShopDatabase shop;
    Tools tools;

    @BeforeAll
    void setUp() {
        shop = ShopDatabase.create("backup_transfer", Map.of());
        tools = shop.server.tools();
    }

    @AfterAll
    void tearDown() {
        shop.close();
    }

    @Test
    void jsonRoundTripWithEveryConflictMode() throws Exception {
        Map<String, String> before = shop.checksums();
        ObjectNode exported = tools.ok("db_export_json",
                "{\"table\":\"shop.orders\",\"where\":{\"total\":{\"$gte\":50}},\"limit\":100}");
        String file = exported.get("file").asText();
        assertTrue(file.matches("export-\\d{8}-\\d{6}-shop\\.orders-json\\.json"), file);
        assertEquals(100, exported.get("rows").asInt());
        JsonNode rows = JSON.readTree(shop.store.resolve(file).toFile());
        assertEquals(100, rows.size());
        JsonNode first = rows.get(0);
        assertTrue(first.get("doc").isObject(), "jsonb stays JSON");
        assertTrue(first.get("tags").isArray());
        assertTrue(first.get("total").asDouble() >= 50);
        List<Long> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.get("id").asLong()));

        shop.sql("DELETE FROM shop.orders WHERE id IN (" + join(ids) + ")");
        ObjectNode imported = tools.ok("db_import_json", "{\"table\":\"shop.orders\",\"jsonFile\":\"" + file + "\"}");
        assertEquals(100, imported.get("inserted").asInt(), imported.toString());
        assertEquals("total_cents", imported.get("ignored_columns").get(0).asText(), "generated column recomputed");
        assertEquals(before, shop.checksums(), "identity ids, bytea, arrays, json and numerics came back exactly");

        tools.fails(ErrorCode.DB_409_CONFLICT, "db_import_json", "{\"table\":\"shop.orders\",\"jsonFile\":\"" + file + "\"}");
        ObjectNode skipped = tools.ok("db_import_json",
                "{\"table\":\"shop.orders\",\"jsonFile\":\"" + file + "\",\"onConflict\":\"skip\"}");
        assertEquals(100, skipped.get("skipped").asInt());
        assertEquals(0, skipped.get("inserted").asInt());

        shop.sql("UPDATE shop.orders SET total = 0 WHERE id = " + ids.get(0));
        ObjectNode dry = tools.ok("db_import_json",
                "{\"table\":\"shop.orders\",\"jsonFile\":\"" + file + "\",\"onConflict\":\"overwrite\",\"dryRun\":true}");
        assertEquals(100, dry.get("updated").asInt());
        assertTrue(dry.get("dry_run").asBoolean());
        assertEquals(0, shop.count("SELECT total FROM shop.orders WHERE id = " + ids.get(0)), "dry run changed nothing");
        ObjectNode overwritten = tools.ok("db_import_json",
                "{\"table\":\"shop.orders\",\"jsonFile\":\"" + file + "\",\"onConflict\":\"overwrite\"}");
        assertEquals(100, overwritten.get("updated").asInt());
        assertEquals(before, shop.checksums());
    }

    @Test
    void csvRoundTripKeepsNullsEmptyStringsAndTriggersOut() throws Exception {
        shop.sql("INSERT INTO shop.customers (id, name, email, note) VALUES (500, 'empty note', NULL, '')");
        Map<String, String> before = shop.checksums();
        ObjectNode exported = tools.ok("db_export_csv", "{\"table\":\"shop.customers\"}");
        String file = exported.get("file").asText();
        assertEquals(201, exported.get("rows").asInt());
        List<String> lines = Files.readAllLines(shop.store.resolve(file));
        assertEquals("\"id\",\"name\",\"email\",\"note\",\"updated_at\"", lines.get(0));
        assertTrue(lines.contains("\"500\",\"empty note\",,\"\","), "NULL unquoted, empty string quoted: " + lines.get(201));

        shop.sql("UPDATE shop.customers SET note = 'changed' WHERE id <= 10");
        shop.sql("DELETE FROM shop.customers WHERE id = 500");
        ObjectNode imported = tools.ok("db_import_csv",
                "{\"table\":\"shop.customers\",\"csvFile\":\"" + file + "\",\"onConflict\":\"overwrite\"}");
        assertEquals(1, imported.get("inserted").asInt(), imported.toString());
        assertEquals(200, imported.get("updated").asInt());
        assertEquals(before, shop.checksums(), "the update trigger did not fire: updated_at stayed as exported");
        shop.sql("DELETE FROM shop.customers WHERE id = 500");
    }

    @Test
    void importsReadHeaderlessCsvAndNdjson() throws Exception {
        Files.writeString(shop.store.resolve("notes-extra.csv"), "10,\"ten, with comma\"\n11,\n");
        ObjectNode csv = tools.ok("db_import_csv",
                "{\"table\":\"shop.notes\",\"csvFile\":\"notes-extra.csv\",\"hasHeaders\":false}");
        assertEquals(2, csv.get("inserted").asInt(), csv.toString());
        assertEquals(1, shop.count("SELECT count(*) FROM shop.notes WHERE id = 11 AND body IS NULL"));
        Files.writeString(shop.store.resolve("notes-extra.ndjson"), "{\"id\": 12, \"body\": \"twelve\"}\n{\"id\": 13}\n");
        ObjectNode ndjson = tools.ok("db_import_json", "{\"table\":\"shop.notes\",\"jsonFile\":\"notes-extra.ndjson\"}");
        assertEquals(2, ndjson.get("inserted").asInt(), ndjson.toString());
        assertEquals(1, shop.count("SELECT count(*) FROM shop.notes WHERE id = 13 AND body IS NULL"));
        shop.sql("DELETE FROM shop.notes WHERE id >= 10");
    }

    @Test
    void aChangedExportIsNotImported() throws Exception {
        Map<String, String> before = shop.checksums();
        String file = tools.ok("db_export_csv", "{\"table\":\"shop.notes\"}").get("file").asText();
        java.nio.file.Path path = shop.store.resolve(file);
        String original = Files.readString(path);
        Files.writeString(path, original + "99,smuggled\n");
        var outcome = tools.fails(ErrorCode.DB_422_CONSTRAINT, "db_import_csv",
                "{\"table\":\"shop.notes\",\"csvFile\":\"" + file + "\",\"onConflict\":\"skip\"}");
        assertEquals("file_altered", outcome.error().details().get("reason"));
        assertEquals(before, shop.checksums());
        Files.writeString(path, original);
        assertEquals(3, tools.ok("db_import_csv", "{\"table\":\"shop.notes\",\"csvFile\":\"" + file
                + "\",\"onConflict\":\"skip\"}").get("skipped").asInt());
    }

    @Test
    void badImportsFailClearlyAndChangeNothing() throws Exception {
        long notes = shop.count("SELECT count(*) FROM shop.notes");
        Files.writeString(shop.store.resolve("broken.json"), "[{\"id\": 20, \"body\": \"ok\"}, {\"id\": 21, ");
        Files.writeString(shop.store.resolve("unknown.json"), "[{\"id\": 22, \"nope\": 1}]");
        Files.writeString(shop.store.resolve("late-failure.json"),
                "[{\"id\": 23, \"body\": \"fine\"}, {\"id\": \"not a number\", \"body\": \"bad\"}]");
        Files.writeString(shop.store.resolve("bad-header.csv"), "id,nope\n24,x\n");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_import_json", "{\"table\":\"shop.notes\",\"jsonFile\":\"broken.json\"}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_import_json", "{\"table\":\"shop.notes\",\"jsonFile\":\"unknown.json\"}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_import_json",
                "{\"table\":\"shop.notes\",\"jsonFile\":\"late-failure.json\"}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_import_csv", "{\"table\":\"shop.notes\",\"csvFile\":\"bad-header.csv\"}");
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_import_csv", "{\"table\":\"shop.notes\",\"csvFile\":\"missing.csv\"}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_import_csv", "{\"table\":\"shop.notes\",\"csvFile\":\"notes.txt\"}");
        assertEquals(notes, shop.count("SELECT count(*) FROM shop.notes"));
    }

    private static String join(List<Long> ids) {
        return String.join(",", ids.stream().map(String::valueOf).toList());
    }
}
