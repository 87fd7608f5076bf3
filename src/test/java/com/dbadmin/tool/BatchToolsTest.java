package com.dbadmin.tool;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.Fixtures;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** db_batch_insert / db_batch_update / db_batch_delete against real PostgreSQL (fixture batchlab.sql). */
class BatchToolsTest extends DatabaseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ITEMS = "SELECT count(*) FROM batchlab.items";

    @Inject
    ToolInvoker invoker;
    @Inject
    CatalogCache catalog;
    Tools tools;

    @BeforeEach
    void setUp() {
        Fixtures.load("batchlab.sql");
        catalog.refresh();
        tools = new Tools(invoker);
    }

    /** {@code count} valid item records with skus prefix-0 .. prefix-(count-1). */
    private static ArrayNode items(String prefix, int count) {
        ArrayNode records = JSON.createArrayNode();
        for (int i = 0; i < count; i++) {
            ObjectNode record = records.addObject();
            record.put("sku", prefix + "-" + i);
            record.put("name", "Item " + i);
            record.put("qty", i % 50);
            record.putArray("tags").add("t" + (i % 3));
            record.put("price", "9.99");
        }
        return records;
    }

    private static String args(String table, JsonNode records, String extra) {
        return "{\"table\":\"" + table + "\",\"records\":" + records + (extra == null ? "" : "," + extra) + "}";
    }

    @Test
    void recordsWithDifferentColumnsTakeDefaultsNotNull() {
        ObjectNode result = tools.ok("db_batch_insert", """
                {"table":"batchlab.items","records":[
                  {"sku":"a","name":"only required"},
                  {"sku":"b","name":"with qty","qty":7,"status":"open"},
                  {"name":"explicit null status","status":null,"sku":"c"},
                  {"sku":"d","name":"awkward","tags":["x","y \\"z\\"","back\\\\slash",null],"scores":[1,2],
                   "doc":{"k":[1,{"n":null}],"s":"tab\\there"},"payload":"AAEC","price":"12.345","note":"line\\nbreak"},
                  {"sku":"e","qty":9,"name":"qty first"}]}""");
        assertEquals(5, result.get("inserted_count").asInt());
        assertEquals(0, result.get("skipped_count").asInt());
        ArrayNode records = (ArrayNode) result.get("records");
        List<String> skus = new ArrayList<>();
        records.forEach(r -> skus.add(r.get("sku").asText()));
        assertEquals(List.of("a", "b", "c", "d", "e"), skus, "records come back in input order across column sets");

        JsonNode a = records.get(0);
        assertEquals(5, a.get("qty").asInt(), "missing qty takes its DEFAULT 5");
        assertEquals("new", a.get("status").asText(), "missing status takes its DEFAULT");
        assertEquals(0, a.get("tags").size());
        assertTrue(a.get("id").asLong() > 3, "identity default applied");
        assertTrue(records.get(2).get("status").isNull(), "an explicit null stays NULL");
        assertEquals(7, records.get(1).get("qty").asInt());
        JsonNode d = records.get(3);
        assertEquals("y \"z\"", d.get("tags").get(1).asText());
        assertEquals("back\\slash", d.get("tags").get(2).asText());
        assertTrue(d.get("tags").get(3).isNull());
        assertEquals("tab\there", d.get("doc").get("s").asText());
        assertEquals("AAEC", d.get("payload").asText());
        assertEquals("12.35", d.get("price").asText());
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM batchlab.items WHERE sku = 'a' AND qty = 5 AND status = 'new'"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM batchlab.items WHERE sku = 'c' AND status IS NULL"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM batchlab.items WHERE sku = 'd' AND payload = '\\x000102'"
                + " AND tags[2] = 'y \"z\"' AND note = E'line\\nbreak' AND doc->>'s' = E'tab\\there'"));
    }

    @Test
    void withoutReturnedRecordsTheSameValuesAreStored() {
        // return_records=false takes the COPY path: tricky text must arrive exactly as through the RETURNING path.
        String tricky = """
                [{"sku":"c1","name":"tab\\tand\\\\back","tags":["a,b","{brace}","q\\"","\\\\N",""],"scores":[3],
                  "doc":{"x":"\\\\N"},"payload":"AAEC","note":"new\\nline"},
                 {"sku":"c2","name":"\\\\N","status":null},
                 {"sku":"c3","name":"Zoë ✓ 名前","qty":0,"scores":[[1,2],[3,null]]}]""";
        ObjectNode quiet = tools.ok("db_batch_insert", "{\"table\":\"batchlab.items\",\"records\":" + tricky
                + ",\"return_records\":false}");
        assertFalse(quiet.has("records"), "no rows are returned");
        assertEquals(3, quiet.get("inserted_count").asInt());
        tools.ok("db_batch_insert", "{\"table\":\"batchlab.items\",\"records\":" + tricky.replace("\"c", "\"r") + "}");
        assertEquals(3, TestDatabase.count("""
                SELECT count(*) FROM batchlab.items c JOIN batchlab.items r ON r.sku = 'r' || substr(c.sku, 2)
                WHERE c.sku LIKE 'c_' AND c.name = r.name AND c.tags IS NOT DISTINCT FROM r.tags
                  AND c.doc IS NOT DISTINCT FROM r.doc AND c.payload IS NOT DISTINCT FROM r.payload
                  AND c.note IS NOT DISTINCT FROM r.note AND c.status IS NOT DISTINCT FROM r.status AND c.qty = r.qty"""));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM batchlab.items WHERE sku = 'c1' AND name = E'tab\\tand\\\\back'"
                + " AND tags = ARRAY['a,b','{brace}','q\"','\\N',''] AND status = 'new'"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM batchlab.items WHERE sku = 'c2' AND name = '\\N' AND status IS NULL"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM batchlab.items WHERE sku = 'c3' AND scores = '{{1,2},{3,NULL}}'"
                + " AND name = 'Zoë ✓ 名前'"), "nested arrays keep their dimensions");
    }

    @ParameterizedTest(name = "return_records={0}")
    @ValueSource(booleans = {true, false})
    void emptyRecordsTakeEveryDefault(boolean returnRecords) {
        ObjectNode result = tools.ok("db_batch_insert", "{\"table\":\"batchlab.counters\",\"records\":[{},{\"n\":5},{}],"
                + "\"return_records\":" + returnRecords + "}");
        assertEquals(3, result.get("inserted_count").asInt());
        if (returnRecords) {
            assertEquals(List.of(1, 5, 1), toInts(result.get("records").findValues("n").stream()
                    .collect(JSON::createArrayNode, ArrayNode::add, ArrayNode::addAll)));
        }
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM batchlab.counters WHERE n = 1"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM batchlab.counters WHERE n = 5"));
    }

    @ParameterizedTest(name = "bad record at index {0}, return_records={1}")
    @CsvSource({"0,true", "499,true", "999,true", "0,false", "499,false", "999,false"})
    void aFailingRecordRollsBackTheWholeBatchAndIsNamed(int badIndex, boolean returnRecords) {
        long before = TestDatabase.count(ITEMS);
        ArrayNode records = items("atomic", 1000);
        ((ObjectNode) records.get(badIndex)).put("qty", -1);
        var outcome = tools.fails(ErrorCode.DB_422_CONSTRAINT, "db_batch_insert",
                args("batchlab.items", records, "\"return_records\":" + returnRecords));
        assertEquals(badIndex, outcome.error().details().get("index"));
        assertEquals("items_qty_nonnegative", outcome.error().details().get("constraint"));
        assertTrue(outcome.error().getMessage().startsWith("records[" + badIndex + "]: "), outcome.error().getMessage());
        assertEquals(before, TestDatabase.count(ITEMS), "nothing was written");
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM batchlab.items WHERE sku LIKE 'atomic-%'"));
    }

    @ParameterizedTest(name = "return_records={0}")
    @ValueSource(booleans = {true, false})
    void badValuesAndDuplicatesAreNamedByIndex(boolean returnRecords) {
        long before = TestDatabase.count(ITEMS);
        String extra = "\"return_records\":" + returnRecords;

        ArrayNode duplicateInBatch = items("dup", 300);
        ((ObjectNode) duplicateInBatch.get(250)).put("sku", "dup-10");
        var conflict = tools.fails(ErrorCode.DB_409_CONFLICT, "db_batch_insert", args("batchlab.items", duplicateInBatch, extra));
        assertEquals(250, conflict.error().details().get("index"), "the second record with the key is at fault");
        assertEquals("items_sku_key", conflict.error().details().get("constraint"));

        ArrayNode existing = items("exists", 20);
        ((ObjectNode) existing.get(7)).put("sku", "seed-2");
        var clash = tools.fails(ErrorCode.DB_409_CONFLICT, "db_batch_insert", args("batchlab.items", existing, extra));
        assertEquals(7, clash.error().details().get("index"));
        assertTrue(clash.error().getMessage().contains("seed-2"), clash.error().getMessage());

        ArrayNode badNumber = items("num", 40);
        ((ObjectNode) badNumber.get(39)).put("qty", "many");
        var invalid = tools.fails(ErrorCode.DB_400_VALIDATION, "db_batch_insert", args("batchlab.items", badNumber, extra));
        assertEquals(39, invalid.error().details().get("index"));

        ArrayNode tooLong = items("len", 5);
        ((ObjectNode) tooLong.get(3)).put("note", "thirteen char");
        var length = tools.fails(ErrorCode.DB_400_VALIDATION, "db_batch_insert", args("batchlab.items", tooLong, extra));
        assertEquals(3, length.error().details().get("index"));

        ArrayNode missingName = items("nn", 5);
        ((ObjectNode) missingName.get(2)).remove("name");
        var notNull = tools.fails(ErrorCode.DB_422_CONSTRAINT, "db_batch_insert", args("batchlab.items", missingName, extra));
        assertEquals(2, notNull.error().details().get("index"));
        assertEquals("name", notNull.error().details().get("column"));

        // Refused before anything reaches the database: unknown or generated columns, wrong shapes.
        ArrayNode unknown = items("unk", 5);
        ((ObjectNode) unknown.get(4)).put("colour", "red");
        var column = tools.fails(ErrorCode.DB_400_VALIDATION, "db_batch_insert", args("batchlab.items", unknown, extra));
        assertEquals(4, column.error().details().get("index"));
        assertTrue(column.error().getMessage().contains("colour"));
        ArrayNode badArray = items("arr", 3);
        ((ObjectNode) badArray.get(1)).put("tags", "not-an-array");
        assertEquals(1, tools.fails(ErrorCode.DB_400_VALIDATION, "db_batch_insert",
                args("batchlab.items", badArray, extra)).error().details().get("index"));

        assertEquals(before, TestDatabase.count(ITEMS), "no failed batch left anything behind");
    }

    @Test
    void upsertsUpdateOrSkipExistingRows() {
        ObjectNode updated = tools.ok("db_batch_insert", """
                {"table":"batchlab.items","records":[
                  {"sku":"seed-1","name":"Seed one renamed","qty":11},
                  {"sku":"new-1","name":"New one","qty":1},
                  {"sku":"seed-3","name":"Seed three renamed","qty":33}],
                 "on_conflict":{"action":"update","target":["sku"]}}""");
        assertEquals(1, updated.get("inserted_count").asInt());
        assertEquals(2, updated.get("updated_count").asInt());
        assertEquals(3, updated.get("records").size());
        assertEquals("Seed one renamed", updated.get("records").get(0).get("name").asText());
        assertFalse(updated.get("records").get(0).has("__dbadmin_inserted"), "internal flag is stripped");
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM batchlab.items WHERE sku = 'seed-3' AND qty = 33"));

        ObjectNode onlyQty = tools.ok("db_batch_insert", """
                {"table":"batchlab.items","records":[{"sku":"seed-1","name":"ignored","qty":12}],
                 "on_conflict":{"action":"update","target":["sku"],"update_columns":["qty"]},"return_records":false}""");
        assertEquals(1, onlyQty.get("updated_count").asInt());
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM batchlab.items WHERE sku = 'seed-1' AND qty = 12"
                + " AND name = 'Seed one renamed'"));

        ObjectNode skipped = tools.ok("db_batch_insert", """
                {"table":"batchlab.items","records":[{"sku":"seed-2","name":"x"},{"sku":"new-2","name":"y"}],
                 "on_conflict":{"action":"nothing","target":["sku"]}}""");
        assertEquals(1, skipped.get("inserted_count").asInt());
        assertEquals(1, skipped.get("skipped_count").asInt());
        assertEquals(1, skipped.get("records").size());
        assertEquals("new-2", skipped.get("records").get(0).get("sku").asText());
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM batchlab.items WHERE sku = 'seed-2' AND name = 'Seed two'"));

        ObjectNode quietSkip = tools.ok("db_batch_insert", """
                {"table":"batchlab.items","records":[{"sku":"seed-2","name":"x"},{"sku":"new-3","name":"y"}],
                 "on_conflict":"nothing","return_records":false}""");
        assertEquals(1, quietSkip.get("inserted_count").asInt());
        assertEquals(1, quietSkip.get("skipped_count").asInt());

        long before = TestDatabase.count(ITEMS);
        var twice = tools.fails(ErrorCode.DB_409_CONFLICT, "db_batch_insert", """
                {"table":"batchlab.items","records":[{"sku":"u-1","name":"a"},{"sku":"u-2","name":"b"},{"sku":"u-1","name":"c"}],
                 "on_conflict":{"action":"update","target":["sku"]}}""");
        assertEquals(2, twice.error().details().get("index"), "the record repeating a conflict key is named");
        assertEquals(before, TestDatabase.count(ITEMS));

        tools.fails(ErrorCode.DB_400_VALIDATION, "db_batch_insert", """
                {"table":"batchlab.items","records":[{"sku":"z","name":"z"}],"on_conflict":{"action":"update","target":["nope"]}}""");
    }

    @Test
    void batchSizeIsLimitedAndAdvertised() {
        ToolDefinition tool = invoker.registry().find("db_batch_insert").orElseThrow();
        assertEquals(1000, tool.inputSchema().get("properties").get("records").get("maxItems").asInt());
        long before = TestDatabase.count(ITEMS);
        var tooMany = tools.fails(ErrorCode.DB_413_TOO_LARGE, "db_batch_insert", args("batchlab.items", items("big", 1001), null));
        assertTrue(tooMany.error().getMessage().contains("split the work"), tooMany.error().getMessage());
        tools.fails(ErrorCode.DB_413_TOO_LARGE, "db_batch_delete", "{\"table\":\"batchlab.items\",\"conditions\":"
                + JSON.createArrayNode().addAll(java.util.Collections.nCopies(1001, JSON.createObjectNode().put("id", 1))) + "}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_batch_insert", "{\"table\":\"batchlab.items\",\"records\":[]}");
        assertEquals(before, TestDatabase.count(ITEMS));
        ObjectNode exactlyMax = tools.ok("db_batch_insert", args("batchlab.items", items("max", 1000), "\"return_records\":false"));
        assertEquals(1000, exactlyMax.get("inserted_count").asInt());
        assertEquals(before + 1000, TestDatabase.count(ITEMS));
    }

    @Test
    void restrictedReadOnlyAndViewTargetsAreRefused() {
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_batch_insert", "{\"table\":\"users\",\"records\":[{\"username\":\"x\"}]}");
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_batch_update",
                "{\"table\":\"auth_tokens\",\"updates\":[{\"where\":{\"id\":1},\"data\":{\"token\":\"x\"}}]}");
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_batch_delete", "{\"table\":\"system_config\",\"conditions\":[{\"key\":\"x\"}]}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_batch_insert", "{\"table\":\"published_books\",\"records\":[{\"title\":\"x\"}]}");
    }

    @Test
    void updatesKeyedByPrimaryKeyRunAsOneStatementAndReportUnmatched() {
        ArrayNode records = (ArrayNode) tools.ok("db_batch_insert", args("batchlab.items", items("upd", 200), null)).get("records");
        ArrayNode updates = JSON.createArrayNode();
        for (int i = 0; i < records.size(); i++) {
            ObjectNode update = updates.addObject();
            update.putObject("where").put("id", records.get(i).get("id").asLong());
            update.putObject("data").put("status", "updated-" + i).put("qty", i + 100);
        }
        updates.addObject().<ObjectNode>set("where", JSON.createObjectNode().put("id", 999_999))
                .set("data", JSON.createObjectNode().put("status", "ghost").put("qty", 1));
        ObjectNode result = tools.ok("db_batch_update", "{\"table\":\"batchlab.items\",\"updates\":" + updates + "}");
        assertEquals(200, result.get("updated_count").asInt());
        assertEquals(List.of(200), toInts(result.get("unmatched")));
        assertEquals("updated-0", result.get("records").get(0).get("status").asText(), "records follow update order");
        assertEquals("updated-199", result.get("records").get(199).get("status").asText());
        assertEquals(200, TestDatabase.count("SELECT count(*) FROM batchlab.items WHERE status LIKE 'updated-%' AND qty = 100 + substr(status, 9)::int"));
    }

    @Test
    void updatesApplyInOrderWhenTheyTouchTheSameRowOrUseOperators() {
        ObjectNode result = tools.ok("db_batch_update", """
                {"table":"batchlab.items","updates":[
                  {"where":{"sku":"seed-1"},"data":{"qty":10}},
                  {"where":{"sku":"seed-1"},"data":{"qty":20}},
                  {"where":{"qty":{"$gte":2}},"data":{"status":"many"}},
                  {"where":{"sku":"missing"},"data":{"qty":1}}],
                 "return_records":false}""");
        assertFalse(result.has("records"));
        assertEquals(List.of(3), toInts(result.get("unmatched")));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM batchlab.items WHERE sku = 'seed-1' AND qty = 20 AND status = 'many'"),
                "the later update of the same row wins, as if applied one after another");
        assertEquals(3, TestDatabase.count("SELECT count(*) FROM batchlab.items WHERE status = 'many'"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"keyed by id (one statement)", "mixed shapes (one statement per update)"})
    void aFailingUpdateRollsBackEveryUpdateAndIsNamed(String shape) {
        ArrayNode updates = JSON.createArrayNode();
        for (int id = 1; id <= 3; id++) {
            ObjectNode update = updates.addObject();
            update.putObject("where").put(shape.startsWith("keyed") || id != 2 ? "id" : "sku", shape.startsWith("keyed") || id != 2 ? String.valueOf(id) : "seed-2");
            update.putObject("data").put("name", "changed").put("qty", id == 3 ? -5 : 50);
        }
        var failure = tools.fails(ErrorCode.DB_422_CONSTRAINT, "db_batch_update",
                "{\"table\":\"batchlab.items\",\"updates\":" + updates + "}");
        assertEquals(2, failure.error().details().get("index"));
        assertEquals("items_qty_nonnegative", failure.error().details().get("constraint"));
        assertTrue(failure.error().getMessage().startsWith("updates[2]: "));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM batchlab.items WHERE name = 'changed'"), "no update survived");

        var badValue = tools.fails(ErrorCode.DB_400_VALIDATION, "db_batch_update", """
                {"table":"batchlab.items","updates":[{"where":{"id":1},"data":{"qty":1}},{"where":{"id":2},"data":{"created_at":"not a time"}}]}""");
        assertEquals(1, badValue.error().details().get("index"));
        var unknownFilterColumn = tools.fails(ErrorCode.DB_400_VALIDATION, "db_batch_update", """
                {"table":"batchlab.items","updates":[{"where":{"id":1},"data":{"qty":1}},{"where":{"nope":2},"data":{"qty":1}}]}""");
        assertEquals(1, unknownFilterColumn.error().details().get("index"));
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_batch_update", """
                {"table":"batchlab.items","updates":[{"where":{},"data":{"qty":1}}]}""");
        assertEquals(3, TestDatabase.count("SELECT count(*) FROM batchlab.items"
                + " WHERE (sku, qty, name) IN (('seed-1', 1, 'Seed one'), ('seed-2', 2, 'Seed two'), ('seed-3', 3, 'Seed three'))"),
                "every row is as before");
    }

    @Test
    void deletesEveryMatchingRowInOneStatement() {
        tools.ok("db_batch_insert", args("batchlab.items", items("del", 10), "\"return_records\":false"));
        ObjectNode byKey = tools.ok("db_batch_delete", """
                {"table":"batchlab.items","conditions":[{"sku":"del-0"},{"sku":"del-1"},{"sku":"del-1"},{"sku":"none"}]}""");
        assertEquals(2, byKey.get("deleted_count").asInt());
        assertEquals(2, byKey.get("records").size());
        ObjectNode mixed = tools.ok("db_batch_delete", """
                {"table":"batchlab.items","conditions":[{"sku":{"$like":"del-%"},"qty":{"$lt":4}},{"sku":"del-9"}],"return_records":false}""");
        assertEquals(3, mixed.get("deleted_count").asInt());
        assertFalse(mixed.has("records"));
        assertEquals(5, TestDatabase.count("SELECT count(*) FROM batchlab.items WHERE sku LIKE 'del-%'"), "del-4..8 are left");

        ObjectNode soft = tools.ok("db_batch_delete", """
                {"table":"batchlab.items","conditions":[{"sku":"del-4"},{"sku":"del-5"}],"soft_delete":true}""");
        assertTrue(soft.get("soft_deleted").asBoolean());
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM batchlab.items WHERE sku IN ('del-4','del-5') AND deleted_at IS NOT NULL"));
        assertEquals(0, tools.ok("db_batch_delete", """
                {"table":"batchlab.items","conditions":[{"sku":"del-4"}],"soft_delete":true}""").get("deleted_count").asInt());
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_batch_delete", """
                {"table":"batchlab.orders","conditions":[{"id":1}],"soft_delete":true}""");
    }

    @Test
    void aConditionBlockedByAForeignKeyRollsBackTheBatchAndIsNamed() {
        long before = TestDatabase.count(ITEMS);
        var failure = tools.fails(ErrorCode.DB_422_CONSTRAINT, "db_batch_delete", """
                {"table":"batchlab.items","conditions":[{"sku":"seed-1"},{"sku":"seed-3"},{"id":{"$in":[2]}}]}""");
        assertEquals(2, failure.error().details().get("index"), "seed-2 is referenced by an order");
        assertEquals("orders_item_id_fkey", failure.error().details().get("constraint"));
        assertEquals(before, TestDatabase.count(ITEMS), "seed-1 and seed-3 were not deleted either");
        var emptyCondition = tools.call("db_batch_delete", "{\"table\":\"batchlab.items\",\"conditions\":[{\"id\":1},{}]}");
        assertEquals(ErrorCode.DB_400_VALIDATION, emptyCondition.error().code());
        var badCondition = tools.fails(ErrorCode.DB_400_VALIDATION, "db_batch_delete",
                "{\"table\":\"batchlab.items\",\"conditions\":[{\"id\":1},{\"nope\":1}]}");
        assertEquals(1, badCondition.error().details().get("index"));
        assertEquals(before, TestDatabase.count(ITEMS));
    }

    private static List<Integer> toInts(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asInt()));
        return values;
    }
}
