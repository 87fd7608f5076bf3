package com.dbadmin.tool;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.Fixtures;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ChangeRecordsTest extends DatabaseTest {
    @Inject
    ToolInvoker invoker;
    @Inject
    CatalogCache catalog;
    Tools tools;

    @BeforeEach
    void setUp() {
        Fixtures.load("lab.sql");
        catalog.refresh();
        tools = new Tools(invoker);
    }

    @Test
    void insertReturnsTheStoredRowWithDefaultsAndTypes() {
        ObjectNode result = tools.ok("db_insert_record", """
                {"table":"lab.type_samples","data":{"label":"new","amount":"12.3456","flag":true,
                 "uid":"c0eebc99-9c0b-4ef8-bb6d-6bb9bd380a13","day":"2025-05-01","happened":"2025-05-01T10:00:00+02:00",
                 "doc":{"a":[1,{"b":null}]},"tags":["x","y z","q\\"uote"],"scores":[5,6],"mood":"joyful",
                 "payload":"AAEC","note":"ten chars!"}}""");
        assertEquals("inserted", result.get("action").asText());
        JsonNode row = result.get("record");
        assertTrue(row.get("id").asLong() > 0, "identity default applied");
        assertEquals("12.346", row.get("amount").asText(), "numeric(12,3) rounds like PostgreSQL");
        assertEquals("NEW", row.get("label_upper").asText(), "generated column computed");
        assertEquals("2025-05-01T08:00Z", row.get("happened").asText());
        assertEquals("q\"uote", row.get("tags").get(2).asText());
        assertTrue(row.get("doc").get("a").get(1).get("b").isNull());
        assertEquals("AAEC", row.get("payload").asText());
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM lab.type_samples WHERE label = 'new' AND payload = '\\x000102'"));
    }

    @Test
    void insertErrorsAreClearAndChangeNothing() {
        long before = TestDatabase.count("SELECT count(*) FROM lab.type_samples");
        tools.fails(ErrorCode.DB_409_CONFLICT, "db_insert_record", "{\"table\":\"lab.type_samples\",\"data\":{\"label\":\"alpha\"}}");
        tools.fails(ErrorCode.DB_422_CONSTRAINT, "db_insert_record", "{\"table\":\"lab.type_samples\",\"data\":{\"amount\":1}}");
        tools.fails(ErrorCode.DB_422_CONSTRAINT, "db_insert_record", "{\"table\":\"lab.notes\",\"data\":{\"body\":\"\"}}");
        tools.fails(ErrorCode.DB_422_CONSTRAINT, "db_insert_record", "{\"table\":\"lab.notes\",\"data\":{\"body\":\"x\",\"book_id\":-5}}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_insert_record", "{\"table\":\"lab.type_samples\",\"data\":{\"label\":\"x\",\"note\":\"eleven chars\"}}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_insert_record", "{\"table\":\"lab.type_samples\",\"data\":{\"label\":\"x\",\"mood\":\"angry\"}}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_insert_record", "{\"table\":\"lab.type_samples\",\"data\":{\"label\":\"x\",\"uid\":\"not-a-uuid\"}}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_insert_record", "{\"table\":\"lab.type_samples\",\"data\":{\"label\":\"x\",\"payload\":\"***\"}}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_insert_record", "{\"table\":\"lab.type_samples\",\"data\":{\"label\":\"x\",\"label_upper\":\"X\"}}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_insert_record", "{\"table\":\"lab.type_samples\",\"data\":{\"label\":\"x\",\"tags\":\"notarray\"}}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_insert_record", "{\"table\":\"published_books\",\"data\":{\"title\":\"x\"}}");
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_insert_record", "{\"table\":\"users\",\"data\":{\"username\":\"x\"}}");
        assertEquals(before, TestDatabase.count("SELECT count(*) FROM lab.type_samples"));
    }

    @Test
    void onConflictSkipsOrUpdates() {
        ObjectNode skipped = tools.ok("db_insert_record", """
                {"table":"lab.type_samples","data":{"label":"alpha","small":99},"on_conflict":{"action":"nothing","target":["label"]}}""");
        assertEquals("skipped", skipped.get("action").asText());
        assertTrue(skipped.get("record").isNull());
        ObjectNode updated = tools.ok("db_insert_record", """
                {"table":"lab.type_samples","data":{"label":"alpha","small":99},
                 "on_conflict":{"action":"update","target":["label"],"update_columns":["small"]}}""");
        assertEquals("updated", updated.get("action").asText());
        assertEquals(99, updated.get("record").get("small").asInt());
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM lab.type_samples WHERE label = 'alpha' AND small = 99"));
        ObjectNode inserted = tools.ok("db_insert_record", """
                {"table":"lab.type_samples","data":{"label":"fresh"},"on_conflict":"nothing"}""");
        assertEquals("inserted", inserted.get("action").asText());
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_insert_record", """
                {"table":"lab.type_samples","data":{"label":"x"},"on_conflict":{"action":"update","target":["nope"]}}""");
    }

    @Test
    void updateChangesOnlyMatchingRowsAndReturnsThem() {
        ObjectNode result = tools.ok("db_update_records", """
                {"table":"lab.type_samples","data":{"note":"changed","doc":{"v":2}},"where":{"small":{"$in":[1,2]}}}""");
        assertEquals(2, result.get("updated_count").asInt());
        result.get("records").forEach(row -> assertEquals("changed", row.get("note").asText()));
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM lab.type_samples WHERE note = 'changed' AND doc = '{\"v\":2}'"));
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM lab.type_samples WHERE note IS DISTINCT FROM 'changed'"));
    }

    @Test
    void updateAndDeleteRefuseAnEmptyFilter() {
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_update_records", "{\"table\":\"lab.type_samples\",\"data\":{\"note\":\"x\"},\"where\":{}}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_update_records", "{\"table\":\"lab.type_samples\",\"data\":{\"note\":\"x\"}}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_delete_records", "{\"table\":\"lab.type_samples\",\"where\":{}}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_update_records", "{\"table\":\"lab.type_samples\",\"data\":{},\"where\":{\"id\":1}}");
        assertEquals(4, TestDatabase.count("SELECT count(*) FROM lab.type_samples"));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM lab.type_samples WHERE note = 'x'"));
    }

    @Test
    void deleteReturnsDeletedRowsAndSoftDeleteNeedsDeletedAt() {
        ObjectNode deleted = tools.ok("db_delete_records", "{\"table\":\"lab.type_samples\",\"where\":{\"label\":\"gamma\"}}");
        assertEquals(1, deleted.get("deleted_count").asInt());
        assertEquals("gamma", deleted.get("records").get(0).get("label").asText());
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM lab.type_samples WHERE label = 'gamma'"));

        ObjectNode soft = tools.ok("db_delete_records", "{\"table\":\"lab.type_samples\",\"where\":{\"label\":\"beta\"},\"soft_delete\":true}");
        assertTrue(soft.get("soft_deleted").asBoolean());
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM lab.type_samples WHERE label = 'beta' AND deleted_at IS NOT NULL"));
        ObjectNode again = tools.ok("db_delete_records", "{\"table\":\"lab.type_samples\",\"where\":{\"label\":\"beta\"},\"soft_delete\":true}");
        assertEquals(0, again.get("deleted_count").asInt(), "already soft-deleted rows are not deleted twice");

        var failure = tools.fails(ErrorCode.DB_400_VALIDATION, "db_delete_records",
                "{\"table\":\"lab.notes\",\"where\":{\"id\":1},\"soft_delete\":true}");
        assertTrue(failure.error().getMessage().contains("deleted_at"));
    }

    @Test
    void oddIdentifiersCanBeWritten() {
        ObjectNode result = tools.ok("db_insert_record", """
                {"table":"lab.Odd Table","data":{"Mixed Case":"M3","with space":3,"quote\\"d":"it's","semi;colon":"x"}}""");
        assertEquals("it's", result.get("record").get("quote\"d").asText());
        ObjectNode updated = tools.ok("db_update_records", """
                {"table":"lab.Odd Table","data":{"semi;colon":"y"},"where":{"Mixed Case":"M3"}}""");
        assertEquals(1, updated.get("updated_count").asInt());
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM lab.\"Odd Table\" WHERE \"semi;colon\" = 'y'"));
    }
}
