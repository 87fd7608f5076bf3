package com.dbadmin.tool.sql;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.support.Databases;
import com.dbadmin.support.ServerContext;
import com.dbadmin.support.Tools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * db_explain: PostgreSQL's JSON plan for SQL (same rules as db_execute_sql) or for a db_query_records request,
 * and a summary naming the costliest node, sequential scans of large tables and misestimated row counts.
 * ANALYZE runs the statement and changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainTest {
    private static final String DATABASE = "sql_explain";
    private ServerContext server;
    private Tools tools;

    @BeforeAll
    void start() {
        Databases.fresh(DATABASE);
        Databases.execute(DATABASE, """
                CREATE TABLE readings (id bigint PRIMARY KEY, sensor int NOT NULL, kind text NOT NULL, value numeric);
                INSERT INTO readings SELECT i, i % 50, CASE WHEN i % 100 = 0 THEN 'rare' ELSE 'common' END, i / 7.0
                FROM generate_series(1, 60000) i;
                CREATE TABLE sensors (id int PRIMARY KEY, name text);
                INSERT INTO sensors SELECT i, 'sensor ' || i FROM generate_series(0, 49) i;
                ANALYZE readings; ANALYZE sensors;
                -- Correlated columns the planner assumes independent: a large row-estimate error.
                CREATE TABLE pairs (a int, b int);
                INSERT INTO pairs SELECT i % 100, i % 100 FROM generate_series(1, 50000) i;
                ANALYZE pairs;
                """);
        server = ServerContext.on(DATABASE, Map.of());
        tools = server.tools();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void sqlPlansNameTheSeqScanOfALargeTableAndItsFilter() {
        ObjectNode result = tools.ok("db_explain", """
                {"sql": "SELECT s.name, count(*) FROM readings r JOIN sensors s ON s.id = r.sensor WHERE r.kind = $1 GROUP BY s.name",
                 "params": ["rare"]}
                """);
        assertEquals("sql", result.get("source").asText());
        assertTrue(result.at("/plan/0/Plan/Node Type").isTextual());
        JsonNode summary = result.get("summary");
        assertFalse(summary.get("analyzed").asBoolean());
        assertTrue(summary.get("total_cost").asDouble() > 0);
        assertTrue(summary.get("execution_time_ms").isNull());
        assertEquals("public.readings", summary.at("/seq_scans_on_large_tables/0/relation").asText());
        assertEquals(60000, summary.at("/seq_scans_on_large_tables/0/table_rows").asLong());
        assertTrue(summary.at("/seq_scans_on_large_tables/0/filter").asText().contains("kind"));
        assertEquals("public.readings", summary.at("/most_expensive_node/relation").asText());
        assertTrue(summary.at("/most_expensive_node/share").asDouble() > 0.5);
        assertTrue(summary.get("text").asText().contains("Sequential scan of public.readings"), summary.get("text").asText());
        // The primary key lookup is no sequential scan.
        JsonNode indexed = tools.ok("db_explain", "{\"sql\": \"SELECT * FROM readings WHERE id = $1\", \"params\": [42]}")
                .get("summary");
        assertEquals(0, indexed.get("seq_scans_on_large_tables").size());
    }

    @Test
    void analyzeReportsActualTimesAndRowEstimateErrors() {
        JsonNode summary = tools.ok("db_explain", """
                {"sql": "SELECT * FROM pairs WHERE a = 1 AND b = 1", "analyze": true}
                """).get("summary");
        assertTrue(summary.get("analyzed").asBoolean());
        assertTrue(summary.get("execution_time_ms").asDouble() >= 0);
        assertTrue(summary.at("/most_expensive_node/self_time_ms").isNumber());
        JsonNode error = summary.at("/row_estimate_errors/0");
        assertEquals("public.pairs", error.get("relation").asText());
        assertEquals(500, error.get("actual_rows").asLong());
        assertTrue(error.get("factor").asDouble() >= 10, error.toString());
    }

    @Test
    void analyzeChangesNothingEvenWhenTheStatementWould() {
        long before = Databases.number(DATABASE, "SELECT count(*) FROM readings");
        tools.fails(ErrorCode.DB_403_ACCESS_DENIED, "db_explain",
                "{\"sql\": \"WITH d AS (DELETE FROM readings RETURNING 1) SELECT count(*) FROM d\", \"analyze\": true}");
        assertEquals(before, Databases.number(DATABASE, "SELECT count(*) FROM readings"));
    }

    @Test
    void recordsRequestsAreExplainedThroughThePolicy() {
        ObjectNode result = tools.ok("db_explain", """
                {"query": {"table": "readings", "where": {"kind": "rare", "sensor": {"$gte": 10}}, "order_by": [{"column": "id"}], "limit": 5},
                 "analyze": true}
                """);
        assertEquals("query", result.get("source").asText());
        assertEquals("public.readings", result.get("table").asText());
        assertTrue(result.at("/summary/analyzed").asBoolean());
        assertTrue(result.toString().contains("Limit"));
        // A restricted table answers exactly as one that does not exist.
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_explain", "{\"query\": {\"table\": \"users\"}}");
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_explain", "{\"query\": {\"table\": \"no_such_table\"}}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_explain", "{\"query\": {\"table\": \"readings\", \"where\": {\"nope\": 1}}}");
    }

    @Test
    void exactlyOneSourceAndOnlyPlannableStatements() {
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_explain", "{}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_explain", "{\"sql\": \"SELECT 1\", \"query\": {\"table\": \"readings\"}}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_explain", "{\"sql\": \"SHOW work_mem\"}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_explain", "{\"sql\": \"SELECT 1; SELECT 2\"}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_explain", "{\"sql\": \"SELECT * FROM readings WHERE id = $1\"}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_explain", "{\"query\": {\"table\": \"readings\"}, \"params\": [1]}");
    }
}
