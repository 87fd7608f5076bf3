package com.dbadmin.tool;

import com.dbadmin.support.Databases;
import com.dbadmin.support.ServerContext;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

/**
 * db_health on real PostgreSQL with real problems planted: a bloated table, dead rows, an invalid, an unused and a
 * duplicate index, a sequence near its limit, a long query, a transaction left idle, a lock wait. Each is reported
 * with its severity, restricted tables never are, it degrades clearly without pg_monitor, and top queries come
 * from pg_stat_statements on a server that loads it (with statements on restricted tables shown without text).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthToolTest {
    private static final String DATABASE = "health_checks";
    private ServerContext server;
    private Tools tools;

    @BeforeAll
    void start() {
        Databases.fresh(DATABASE);
        Databases.execute(DATABASE, """
                CREATE TABLE bloated (id int PRIMARY KEY, payload text) WITH (autovacuum_enabled = false);
                INSERT INTO bloated SELECT i, repeat(md5(i::text), 3) FROM generate_series(1, 100000) i;
                CREATE INDEX bloated_payload_idx ON bloated (payload);
                DELETE FROM bloated WHERE id % 5 <> 0;
                CREATE TABLE dead_rows (id int, note text) WITH (autovacuum_enabled = false);
                INSERT INTO dead_rows SELECT i, 'x' FROM generate_series(1, 10000) i;
                DELETE FROM dead_rows WHERE id > 3000;
                CREATE TABLE users (id int, secret text) WITH (autovacuum_enabled = false);
                INSERT INTO users SELECT i, 'x' FROM generate_series(1, 10000) i;
                DELETE FROM users WHERE id > 1000;
                CREATE INDEX users_twin_a ON users (secret);
                CREATE INDEX users_twin_b ON users (secret);
                CREATE TABLE twins (id int, code text);
                CREATE INDEX twins_code_a ON twins (code);
                CREATE INDEX twins_code_b ON twins (code);
                CREATE TABLE small_ids (id serial PRIMARY KEY);
                SELECT setval('small_ids_id_seq', 2000000000);
                CREATE TABLE auth_tokens (id serial PRIMARY KEY);
                SELECT setval('auth_tokens_id_seq', 2100000000);
                CREATE TABLE locked (id int PRIMARY KEY, n int);
                INSERT INTO locked VALUES (1, 0);
                CREATE TABLE dupes (x int);
                INSERT INTO dupes VALUES (1), (1);
                """);
        Databases.execute(DATABASE, "VACUUM ANALYZE bloated");
        // A failed CREATE INDEX CONCURRENTLY leaves an invalid index behind.
        assertThrows(IllegalStateException.class,
                () -> Databases.execute(DATABASE, "CREATE UNIQUE INDEX CONCURRENTLY dupes_x_idx ON dupes (x)"));
        server = ServerContext.on(DATABASE, Map.of());
        tools = server.tools();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void plantedProblemsAreReportedWithSeverityAndAdvice() {
        ObjectNode report = tools.ok("db_health", "{}");
        assertEquals(DATABASE, report.get("database").asText());
        assertTrue(report.get("privileges").get("superuser").asBoolean());
        assertEquals(List.of("connections", "long_running_queries", "idle_in_transaction", "blocking_locks",
                "cache_hit_ratio", "vacuum", "analyze", "transaction_id_age", "bloat", "invalid_indexes", "unused_indexes",
                "duplicate_indexes", "sequences", "replication", "database_size"),
                report.get("findings").findValuesAsText("check"));
        for (JsonNode finding : report.get("findings")) {
            assertFalse(finding.get("recommendation").asText().isBlank(), finding.toString());
        }
        assertTable(finding(report, "bloat"), "warning", "public.bloated");
        assertTrue(item(finding(report, "bloat"), "public.bloated").get("estimated_bloat_share").asDouble() >= 0.6);
        assertTable(finding(report, "vacuum"), null, "public.dead_rows");
        assertTable(finding(report, "analyze"), "info", "public.dead_rows");
        assertEquals("warning", finding(report, "invalid_indexes").get("severity").asText());
        assertEquals("public.dupes_x_idx", finding(report, "invalid_indexes").at("/items/0/index").asText());
        assertEquals("info", finding(report, "unused_indexes").get("severity").asText());
        assertTrue(finding(report, "unused_indexes").get("items").findValuesAsText("index").contains("public.bloated_payload_idx"));
        JsonNode duplicates = finding(report, "duplicate_indexes");
        assertEquals("warning", duplicates.get("severity").asText());
        assertEquals(List.of("public.twins"), duplicates.get("items").findValuesAsText("table"));
        JsonNode sequences = finding(report, "sequences");
        assertEquals("critical", sequences.get("severity").asText());
        assertEquals("public.small_ids.id", sequences.at("/items/0/column").asText());
        assertEquals(2147483647L, sequences.at("/items/0/max_value").asLong());
        assertEquals(1, sequences.get("items").size(), "the restricted table's sequence is not reported");
        assertEquals("ok", finding(report, "replication").get("severity").asText());
        assertTrue(finding(report, "replication").get("summary").asText().contains("No replica"));
        assertTrue(finding(report, "database_size").at("/items/0/bytes").asLong() > 0);
        assertEquals("critical", report.get("status").asText());
        assertFalse(report.get("top_queries").get("available").asBoolean());
        assertTrue(report.at("/top_queries/note").asText().contains("not installed"));
        // Restricted tables (users, auth_tokens by default) never appear, whatever is wrong with them.
        assertFalse(report.toString().contains("public.users"), report.toString());
        assertFalse(report.toString().contains("auth_tokens"), report.toString());
    }

    @Test
    void sessionsThatRunLongIdleInATransactionOrWaitForALockAreReported() throws Exception {
        try (Connection holder = Databases.connect(DATABASE); Connection waiter = Databases.connect(DATABASE);
             Connection sleeper = Databases.connect(DATABASE)) {
            int holderPid = pid(holder);
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("UPDATE locked SET n = n + 1 WHERE id = 1");
            }
            CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> execute(waiter, "UPDATE locked SET n = 5 WHERE id = 1"));
            CompletableFuture<Void> sleeping = CompletableFuture.runAsync(() -> execute(sleeper, "SELECT pg_sleep(4)"));
            Thread.sleep(2_000);
            ObjectNode report = tools.ok("db_health", "{\"session_seconds\": 1}");
            JsonNode idle = finding(report, "idle_in_transaction");
            assertEquals("warning", idle.get("severity").asText());
            assertTrue(idle.get("items").findValues("pid").stream().anyMatch(p -> p.asInt() == holderPid));
            JsonNode running = finding(report, "long_running_queries");
            assertTrue(running.get("items").size() >= 2, running.toString());
            assertFalse(running.toString().contains("pg_sleep"), "no query text");
            JsonNode locks = finding(report, "blocking_locks");
            assertEquals("warning", locks.get("severity").asText());
            assertEquals(holderPid, locks.at("/items/0/root_blockers/0").asInt());
            assertEquals(holderPid, locks.at("/items/0/blocked_by/0").asInt());
            holder.rollback();
            blocked.get();
            sleeping.get();
        }
        ObjectNode calm = tools.ok("db_health", "{\"session_seconds\": 1}");
        assertEquals("ok", finding(calm, "blocking_locks").get("severity").asText());
    }

    @Test
    void withoutPgMonitorTheReportSaysWhatItCannotSee() {
        TestDatabase.execute("DROP ROLE IF EXISTS health_plain");
        TestDatabase.execute("CREATE ROLE health_plain LOGIN");
        Databases.execute(DATABASE, "GRANT USAGE ON SCHEMA dbadmin TO health_plain;"
                + " GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA dbadmin TO health_plain;"
                + " GRANT USAGE ON ALL SEQUENCES IN SCHEMA dbadmin TO health_plain;"
                + " GRANT SELECT ON ALL TABLES IN SCHEMA public TO health_plain");
        try {
            Map<String, String> plain = new HashMap<>(Map.of("db-admin.database.username", "health_plain",
                    "db-admin.sql.manage-role", "false", "flyway.datasources.default.enabled", "false"));
            try (ServerContext limited = ServerContext.on(DATABASE, plain)) {
                ObjectNode report = limited.tools().ok("db_health", "{}");
                assertFalse(report.at("/privileges/superuser").asBoolean());
                assertFalse(report.at("/privileges/pg_read_all_stats").asBoolean());
                assertTrue(report.at("/privileges/note").asText().contains("pg_monitor"));
                assertEquals(15, report.get("findings").size());
                assertTable(finding(report, "bloat"), "warning", "public.bloated");
            }
            TestDatabase.execute("GRANT pg_monitor TO health_plain");
            try (ServerContext monitor = ServerContext.on(DATABASE, plain)) {
                ObjectNode report = monitor.tools().ok("db_health", "{}");
                assertTrue(report.at("/privileges/pg_read_all_stats").asBoolean());
            }
        } finally {
            Databases.execute(DATABASE, "DROP OWNED BY health_plain");
            TestDatabase.execute("DROP ROLE health_plain");
        }
    }

    @Test
    void topQueriesComeFromPgStatStatementsWithoutHiddenText() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("shared_preload_libraries", "pg_stat_statements").start()) {
            String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
            try (Connection connection = DriverManager.getConnection(url, "postgres", null);
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE EXTENSION pg_stat_statements");
                statement.execute("CREATE TABLE users (id int, password_hash text); CREATE TABLE orders (id int, total int)");
                for (int i = 0; i < 20; i++) {
                    statement.execute("SELECT password_hash FROM users WHERE id = " + i);
                    statement.execute("SELECT sum(total) FROM orders WHERE id > " + i);
                }
            }
            try (ServerContext stats = ServerContext.on("postgres", Map.of("db-admin.database.url", url))) {
                JsonNode top = stats.tools().ok("db_health", "{}").get("top_queries");
                assertTrue(top.get("available").asBoolean(), top.toString());
                List<String> texts = top.get("queries").findValuesAsText("query");
                assertTrue(top.get("queries").size() <= 5);
                assertFalse(texts.stream().anyMatch(text -> text.contains("password_hash")), texts.toString());
                assertFalse(texts.stream().anyMatch(text -> text.contains("dbadmin.")), texts.toString());
                assertFalse(texts.stream().anyMatch(text -> text.contains("SCRAM-SHA-256")), texts.toString());
                assertTrue(top.get("queries").get(0).get("calls").asLong() > 0);
            }
        }
    }

    private static void assertTable(JsonNode finding, String severity, String table) {
        if (severity != null) {
            assertEquals(severity, finding.get("severity").asText(), finding.toString());
        }
        assertNotNull(item(finding, table), table + " missing from " + finding);
    }

    private static JsonNode item(JsonNode finding, String table) {
        for (JsonNode item : finding.get("items")) {
            if (table.equals(item.path("table").asText())) {
                return item;
            }
        }
        return null;
    }

    private static JsonNode finding(JsonNode report, String check) {
        for (JsonNode finding : report.get("findings")) {
            if (finding.get("check").asText().equals(check)) {
                return finding;
            }
        }
        throw new AssertionError(check + " missing");
    }

    private static int pid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); var rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void execute(Connection connection, String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
