package com.dbadmin.tool.sql;

import com.dbadmin.audit.AuditWriter;
import com.dbadmin.call.CallContext;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.Scope;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.call.Transport;
import com.dbadmin.support.Databases;
import com.dbadmin.support.ServerContext;
import com.dbadmin.support.Tools;
import com.dbadmin.tool.ToolInvoker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * db_execute_sql on real PostgreSQL: joins and aggregates come back as typed JSON, $n parameters bind with the
 * type PostgreSQL infers, the row cap and has_more hold, mistakes in the SQL are DB_400 with PostgreSQL's words,
 * and every call is audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecuteSqlTest {
    private static final String DATABASE = "sql_execute";
    private ServerContext server;
    private Tools tools;

    @BeforeAll
    void start() {
        Databases.fresh(DATABASE);
        server = ServerContext.on(DATABASE, Map.of("db-admin.database.load-demo", "true"));
        // Created after start-up: the managed role is granted them on the first denial (see aTableCreatedAfter...).
        Databases.loadFixture(DATABASE, "lab.sql");
        tools = server.tools();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void joinsAndAggregatesReturnTypedRows() {
        ObjectNode result = tools.ok("db_execute_sql", """
                {"sql": "SELECT a.name, count(b.id) AS books, sum(b.price) AS value FROM authors a JOIN books b ON b.author_id = a.id GROUP BY a.name ORDER BY books DESC, a.name LIMIT 3"}
                """);
        assertEquals(3, result.get("count").asInt());
        assertFalse(result.get("has_more").asBoolean());
        assertEquals("name", result.at("/columns/0/name").asText());
        assertEquals("text", result.at("/columns/0/type").asText());
        assertEquals("int8", result.at("/columns/1/type").asText());
        assertEquals("numeric", result.at("/columns/2/type").asText());
        JsonNode first = result.at("/rows/0");
        assertTrue(first.get("books").isIntegralNumber(), first.toString());
        assertTrue(first.get("value").isNumber() || first.get("value").isNull(), first.toString());
        long expected = Databases.number(DATABASE, "SELECT max(c) FROM (SELECT count(*) c FROM books GROUP BY author_id) t");
        assertEquals(expected, first.get("books").asLong());
    }

    @Test
    void valuesKeepTheirJsonTypes() {
        JsonNode row = tools.ok("db_execute_sql", """
                {"sql": "SELECT amount, ratio, flag, doc, tags, scores, payload, day, happened, mood FROM lab.type_samples WHERE label = $1",
                 "params": ["alpha"]}
                """).at("/rows/0");
        assertEquals(0, row.get("amount").decimalValue().compareTo(new java.math.BigDecimal("10.5")));
        assertEquals(0.25, row.get("ratio").asDouble());
        assertTrue(row.get("flag").isBoolean());
        assertEquals("first", row.at("/doc/pov").asText());
        assertEquals("epic", row.at("/tags/1").asText());
        assertEquals(3, row.at("/scores/2").asInt());
        assertEquals("SGVsbG8=", row.get("payload").asText());
        assertEquals("2024-01-15", row.get("day").asText());
        assertEquals("calm", row.get("mood").asText());
    }

    @Test
    void parametersBindWithTheTypePostgresqlInfers() {
        ObjectNode result = tools.ok("db_execute_sql", """
                {"sql": "SELECT count(*) AS n FROM books WHERE id = ANY($1) AND (status::text = $2 OR $2 = 'any') AND word_count >= $3",
                 "params": [[1, 2, 3, 4], "any", 0]}
                """);
        assertEquals(4, result.at("/rows/0/n").asInt());
        // A literal ? (the jsonb operator) is not a placeholder, and $1 may appear twice.
        ObjectNode jsonb = tools.ok("db_execute_sql", """
                {"sql": "SELECT label, doc ? 'pov' AS has_pov, $1::int + $1::int AS twice FROM lab.type_samples WHERE label IN ($2, $3) ORDER BY label",
                 "params": [21, "alpha", "gamma"]}
                """);
        assertTrue(jsonb.at("/rows/0/has_pov").asBoolean());
        assertTrue(jsonb.at("/rows/1/has_pov").isNull());
        assertEquals(42, jsonb.at("/rows/0/twice").asInt());
        ObjectNode nulls = tools.ok("db_execute_sql", """
                {"sql": "SELECT $1::text IS NULL AS missing, $2::jsonb ->> 'k' AS k", "params": [null, {"k": "v"}]}
                """);
        assertTrue(nulls.at("/rows/0/missing").asBoolean());
        assertEquals("v", nulls.at("/rows/0/k").asText());
    }

    @Test
    void theRowCapStopsTheStatementAndSaysThereWasMore() {
        ObjectNode capped = tools.ok("db_execute_sql", """
                {"sql": "SELECT n FROM generate_series(1, 10000000) AS n", "limit": 10}
                """);
        assertEquals(10, capped.get("rows").size());
        assertTrue(capped.get("has_more").asBoolean());
        assertEquals(10, capped.at("/rows/9/n").asInt());
        ObjectNode whole = tools.ok("db_execute_sql", """
                {"sql": "VALUES (1), (2), (3)", "limit": 3}
                """);
        assertEquals(3, whole.get("count").asInt());
        assertFalse(whole.get("has_more").asBoolean());
        ObjectNode defaults = tools.ok("db_execute_sql", """
                {"sql": "SELECT * FROM generate_series(1, 500)"}
                """);
        assertEquals(100, defaults.get("count").asInt());
        assertEquals(100, defaults.get("limit").asInt());
    }

    @Test
    void duplicateColumnNamesStayApart() {
        ObjectNode result = tools.ok("db_execute_sql", """
                {"sql": "SELECT a.id, b.id, b.title FROM authors a JOIN books b ON b.author_id = a.id ORDER BY b.id LIMIT 1"}
                """);
        assertEquals("id", result.at("/columns/0/name").asText());
        assertEquals("id_2", result.at("/columns/1/name").asText());
        assertTrue(result.at("/rows/0").has("id_2"));
    }

    @Test
    void showAndTableAndWithWork() {
        assertFalse(tools.ok("db_execute_sql", "{\"sql\": \"SHOW server_version\"}").at("/rows/0/server_version").asText().isEmpty());
        assertEquals(Math.min(3, Databases.number(DATABASE, "SELECT count(*) FROM lab.notes")),
                tools.ok("db_execute_sql", "{\"sql\": \"TABLE lab.notes LIMIT 3\"}").get("count").asLong());
        assertEquals(6, tools.ok("db_execute_sql", """
                {"sql": "WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t WHERE n < 6) SELECT max(n) AS m FROM t;"}
                """).at("/rows/0/m").asInt());
        assertEquals(1, tools.ok("db_execute_sql", "{\"sql\": \"  /* comment */ (SELECT 1 AS one) -- trailing\"}")
                .at("/rows/0/one").asInt());
    }

    @Test
    void mistakesAreValidationErrorsInPostgresqlsWords() {
        ToolOutcome syntax = tools.fails(ErrorCode.DB_400_VALIDATION, "db_execute_sql", "{\"sql\": \"SELECT * FORM books\"}");
        assertTrue(syntax.error().getMessage().contains("syntax error"), syntax.error().getMessage());
        assertNotNull(syntax.error().details().get("position"));
        ToolOutcome column = tools.fails(ErrorCode.DB_400_VALIDATION, "db_execute_sql",
                "{\"sql\": \"SELECT no_such_column FROM books\"}");
        assertTrue(column.error().getMessage().contains("no_such_column"), column.error().getMessage());
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_execute_sql", "{\"sql\": \"SELECT $1::int\"}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_execute_sql", "{\"sql\": \"SELECT 1\", \"params\": [1]}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_execute_sql", "{\"sql\": \"SELECT $2::int\", \"params\": [1]}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_execute_sql", "{\"sql\": \"SELECT $1::int\", \"params\": [\"x\"]}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_execute_sql", "{\"sql\": \"-- only a comment\"}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_execute_sql", "{\"sql\": \"\"}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_execute_sql", "{\"sql\": \"SELECT 1\", \"limit\": 0}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_execute_sql", "{\"sql\": \"SELECT 1/0\"}");
        // After every failure the pooled connections are clean: a plain query still works.
        assertEquals(1, tools.ok("db_execute_sql", "{\"sql\": \"SELECT 1 AS one\"}").at("/rows/0/one").asInt());
    }

    @Test
    void aTableCreatedAfterStartUpIsReadableAtOnce() {
        Databases.execute(DATABASE, "DROP TABLE IF EXISTS lab.late_arrival; CREATE TABLE lab.late_arrival (id int);"
                + " INSERT INTO lab.late_arrival VALUES (7)");
        assertEquals(7, tools.ok("db_execute_sql", "{\"sql\": \"SELECT id FROM lab.late_arrival\"}").at("/rows/0/id").asInt());
    }

    @Test
    void oneHugeValueIsRefusedAsTooLargeAndTheNextCallWorks() {
        tools.fails(ErrorCode.DB_413_TOO_LARGE, "db_execute_sql", "{\"sql\": \"SELECT repeat('x', 40000000) AS big\"}");
        assertEquals(1, tools.ok("db_execute_sql", "{\"sql\": \"SELECT 1 AS one\"}").at("/rows/0/one").asInt());
    }

    @Test
    void theStatementTimeoutEndsLongQueries() {
        try (ServerContext quick = ServerContext.on(DATABASE, Map.of("db-admin.limits.statement-timeout", "300ms"))) {
            long started = System.nanoTime();
            quick.tools().fails(ErrorCode.DB_504_TIMEOUT, "db_execute_sql", "{\"sql\": \"SELECT pg_sleep(30)\"}");
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10);
            assertEquals(1, quick.tools().ok("db_execute_sql", "{\"sql\": \"SELECT 1 AS one\"}").at("/rows/0/one").asInt());
        }
    }

    @Test
    void callsNeedTheSqlScopeAndAreAudited() throws Exception {
        ToolInvoker invoker = server.bean(ToolInvoker.class);
        Tools reader = new Tools(invoker, new CallContext("reader-" + System.nanoTime(), Set.of(Scope.READ), true,
                Transport.REST, null, null, null));
        ToolOutcome refused = reader.fails(ErrorCode.DB_403_ACCESS_DENIED, "db_execute_sql", "{\"sql\": \"SELECT 1\"}");
        assertEquals(Scope.SQL, refused.error().details().get("required_scope"));

        String principal = "analyst-" + System.nanoTime();
        Tools analyst = new Tools(invoker, new CallContext(principal, Set.of(Scope.SQL), true, Transport.REST, null,
                null, null));
        analyst.ok("db_execute_sql", "{\"sql\": \"SELECT * FROM generate_series(1, 7)\"}");
        analyst.fails(ErrorCode.DB_400_VALIDATION, "db_execute_sql", "{\"sql\": \"SELEC 1\"}");
        assertTrue(server.bean(AuditWriter.class).awaitWritten(Duration.ofSeconds(10)));
        assertEquals(7, Databases.number(DATABASE, "SELECT row_count FROM dbadmin.audit_log WHERE user_id = '" + principal
                + "' AND operation = 'db_execute_sql' AND success"));
        assertEquals("DB_400_VALIDATION", Databases.text(DATABASE, "SELECT error_code FROM dbadmin.audit_log WHERE user_id = '"
                + principal + "' AND NOT success"));
    }
}
