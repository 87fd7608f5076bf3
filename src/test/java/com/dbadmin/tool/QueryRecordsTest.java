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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class QueryRecordsTest extends DatabaseTest {
    @Inject
    ToolInvoker invoker;
    @Inject
    CatalogCache catalog;
    Tools tools;

    @BeforeAll
    void setUp() {
        Fixtures.load("lab.sql");
        catalog.refresh();
        tools = new Tools(invoker);
    }

    private List<String> labels(String whereJson) {
        ObjectNode result = tools.ok("db_query_records", "{\"table\":\"lab.type_samples\",\"columns\":[\"label\"],"
                + "\"order_by\":[{\"column\":\"label\"}],\"where\":" + whereJson + "}");
        List<String> labels = new ArrayList<>();
        result.get("records").forEach(row -> labels.add(row.get("label").asText()));
        return labels;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"label\":\"alpha\"}|alpha",
            "{\"flag\":true}|Delta%_,alpha",
            "{\"flag\":null}|gamma",
            "{\"small\":[1,3]}|alpha,gamma",
            "{\"small\":{\"$eq\":2}}|beta",
            "{\"small\":{\"$ne\":2}}|Delta%_,alpha,gamma",
            "{\"amount\":{\"$ne\":10.5}}|Delta%_,beta,gamma",
            "{\"small\":{\"$gt\":2}}|Delta%_,gamma",
            "{\"small\":{\"$gte\":2,\"$lt\":4}}|beta,gamma",
            "{\"small\":{\"$lte\":1}}|alpha",
            "{\"small\":{\"$in\":[2,4]}}|Delta%_,beta",
            "{\"small\":{\"$nin\":[2,4]}}|alpha,gamma",
            "{\"amount\":{\"$nin\":[10.5]}}|Delta%_,beta,gamma",
            "{\"label\":{\"$like\":\"%ta\"}}|beta",
            "{\"label\":{\"$ilike\":\"delta%\"}}|Delta%_",
            "{\"label\":{\"$like\":\"Delta\\\\%\\\\_\"}}|Delta%_",
            "{\"amount\":{\"$null\":true}}|gamma",
            "{\"amount\":{\"$null\":false},\"flag\":false}|beta",
            "{\"$or\":[{\"label\":\"alpha\"},{\"small\":3}]}|alpha,gamma",
            "{\"$and\":[{\"small\":{\"$gt\":1}},{\"$or\":[{\"mood\":\"tense\"},{\"mood\":\"joyful\"}]}]}|Delta%_,beta",
            "{\"mood\":\"calm\"}|alpha",
            "{\"mood\":{\"$in\":[\"calm\",\"joyful\"]}}|Delta%_,alpha",
            "{\"uid\":\"b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12\"}|beta",
            "{\"day\":{\"$gte\":\"2024-01-01\"}}|alpha,beta",
            "{\"happened\":{\"$lt\":\"2024-01-15T09:00:00+00:00\"}}|Delta%_,alpha",
            "{\"local_ts\":\"2024-02-20T12:00:00\"}|beta",
            "{\"at_time\":{\"$gt\":\"09:00\"}}|beta",
            "{\"ratio\":{\"$gt\":1}}|Delta%_",
            "{\"doc\":{\"pov\":\"third\",\"n\":2}}|beta",
            "{\"tags\":[\"fantasy\",\"epic\"]}|alpha",
            "{\"scores\":{\"$eq\":[4]}}|beta",
            "{\"payload\":{\"$null\":false}}|alpha",
            "{\"note\":\"Zoë\"}|gamma",
            "{\"LABEL\":\"beta\"}|beta",
            "{}|Delta%_,alpha,beta,gamma"
    })
    void filtersSelectTheExpectedRows(String where, String expected) {
        assertEquals(List.of(expected.split(",")), labels(where));
    }

    @Test
    void valuesComeBackTyped() {
        JsonNode row = tools.ok("db_query_records", """
                {"table":"lab.type_samples","where":{"label":"alpha"}}""").get("records").get(0);
        assertTrue(row.get("id").isIntegralNumber());
        assertEquals("10.500", row.get("amount").asText());
        assertTrue(row.get("amount").isBigDecimal());
        assertEquals(0.25, row.get("ratio").asDouble());
        assertTrue(row.get("flag").isBoolean());
        assertEquals("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", row.get("uid").asText());
        assertEquals("2024-01-15", row.get("day").asText());
        assertEquals("08:30:00", row.get("at_time").asText());
        assertTrue(row.get("happened").asText().startsWith("2024-01-15T08:30Z"), row.get("happened").asText());
        assertEquals("first", row.get("doc").get("pov").asText(), "jsonb is nested JSON, not a string");
        assertEquals(2, row.get("doc_json").get("k").size());
        assertEquals("fantasy", row.get("tags").get(0).asText());
        assertEquals(3, row.get("scores").get(2).asInt());
        assertEquals("calm", row.get("mood").asText());
        assertEquals("SGVsbG8=", row.get("payload").asText(), "bytea is base64");
        assertEquals("ALPHA", row.get("label_upper").asText());
        assertTrue(row.get("deleted_at").isNull());
    }

    @Test
    void pagesReportTotalsAndMore() {
        ObjectNode first = tools.ok("db_query_records", """
                {"table":"books","columns":["id","title"],"order_by":[{"column":"id","direction":"desc"}],"limit":5}""");
        assertEquals(5, first.get("count").asInt());
        assertTrue(first.get("has_more").asBoolean());
        long books = TestDatabase.count("SELECT count(*) FROM books");
        assertEquals(books, first.get("total_count").asLong());
        assertEquals(2, first.get("records").get(0).size(), "only the projected columns");
        long maxId = TestDatabase.count("SELECT max(id) FROM books");
        assertEquals(maxId, first.get("records").get(0).get("id").asLong());

        ObjectNode second = tools.ok("db_query_records", """
                {"table":"books","columns":["id"],"order_by":[{"column":"id","direction":"desc"}],"limit":5,"offset":5}""");
        assertEquals(maxId - 5, second.get("records").get(0).get("id").asLong());

        ObjectNode whole = tools.ok("db_query_records", "{\"table\":\"lab.type_samples\"}");
        assertEquals(4, whole.get("total_count").asInt());
        assertFalse(whole.get("has_more").asBoolean());
        assertEquals(100, whole.get("limit").asInt(), "default limit");
    }

    @Test
    void viewsAndOtherSchemasAndOddIdentifiersAreReadable() {
        assertTrue(tools.ok("db_query_records", "{\"table\":\"published_books\",\"limit\":1}").get("count").asInt() >= 0);
        ObjectNode odd = tools.ok("db_query_records", """
                {"table":"lab.Odd Table","columns":["Mixed Case","with space","quote\\"d","semi;colon"],
                 "where":{"with space":{"$gt":1}},"order_by":[{"column":"quote\\"d"}]}""");
        assertEquals(1, odd.get("count").asInt());
        JsonNode row = odd.get("records").get(0);
        assertEquals("M2", row.get("Mixed Case").asText());
        assertEquals("q2", row.get("quote\"d").asText());
        assertEquals("s2", row.get("semi;colon").asText());
        assertEquals("lab.Odd Table", odd.get("table").asText());
    }

    @Test
    void badInputGetsStableCodes() {
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_query_records", "{\"table\":\"no_such_table\"}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_query_records", "{\"table\":\"books\",\"where\":{\"nope\":1}}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_query_records", "{\"table\":\"books\",\"where\":{\"id\":{\"$regex\":\"x\"}}}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_query_records", "{\"table\":\"books\",\"where\":{\"id\":\"abc\"}}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_query_records", "{\"table\":\"books\",\"where\":{\"$not\":{}}}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_query_records", "{\"table\":\"books\",\"where\":{\"$or\":[]}}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_query_records", "{\"table\":\"books\",\"limit\":0}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_query_records", "{\"table\":\"books\",\"limit\":1001}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_query_records", "{\"table\":\"books\",\"order_by\":[{\"column\":\"id\",\"direction\":\"sideways\"}]}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_query_records", "{\"where\":{}}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_query_records", "{\"table\":\"books\",\"surprise\":1}");
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_query_records", "{\"table\":\"users\"}");
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_query_records", "{\"table\":\"public.AUTH_TOKENS\"}");
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_query_records", "{\"table\":\"dbadmin.anything\"}");
    }

    @Test
    void newTablesAreFoundWithoutRestart() {
        TestDatabase.execute("DROP TABLE IF EXISTS lab.late_arrival; CREATE TABLE lab.late_arrival (id int); INSERT INTO lab.late_arrival VALUES (7)");
        ObjectNode result = tools.ok("db_query_records", "{\"table\":\"lab.late_arrival\"}");
        assertEquals(7, result.get("records").get(0).get("id").asInt());
    }
}
