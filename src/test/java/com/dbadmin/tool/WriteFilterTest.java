package com.dbadmin.tool;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tools;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Writes need a real filter: one that compiles to a constant ("no filter") is refused with DB_400 by
 * every changing tool before any SQL runs, and the max-affected guard (5 rows here) refuses what would
 * touch more rows, also when more rows match only once the statement runs.
 */
class WriteFilterTest extends DatabaseTest {
    /** Filters that decide every row (or none) without looking at one. */
    static final List<String> CONSTANT_FILTERS = List.of(
            "{\"id\":{\"$nin\":[]}}",
            "{\"id\":{\"$in\":[]}}",
            "{\"id\":[]}",
            "{\"$or\":[{\"id\":{\"$nin\":[]}},{\"name\":\"v1\"}]}",
            "{\"$or\":[{\"name\":\"v1\"},{\"$and\":[{\"id\":{\"$nin\":[]}}]}]}",
            "{\"$and\":[{\"id\":{\"$nin\":[]}}]}",
            "{\"$or\":[{\"id\":{\"$nin\":[]}}]}",
            "{\"$and\":[{\"id\":{\"$in\":[]}},{\"name\":\"v1\"}]}",
            "{\"id\":{\"$nin\":[],\"$in\":[]}}",
            "{\"$or\":[{\"id\":{\"$nin\":[]}},{\"id\":{\"$in\":[]}}]}",
            "{\"$or\":[{\"$or\":[{\"$or\":[{\"id\":{\"$nin\":[]}}]}]}]}",
            "{\"$or\":[]}",
            "{\"$and\":[]}",
            "{\"$or\":[{}]}",
            "{\"$and\":[{},{\"id\":1}]}");

    @Inject
    ToolInvoker invoker;
    @Inject
    CatalogCache catalog;
    Tools tools;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("db-admin.limits.max-affected-rows", "5", "db-admin.limits.statement-timeout", "5s");
    }

    @BeforeEach
    void setUp() {
        TestDatabase.execute("""
                DROP SCHEMA IF EXISTS filterlab CASCADE;
                CREATE SCHEMA filterlab;
                CREATE TABLE filterlab.victim (id int PRIMARY KEY, name text, deleted_at timestamptz);
                INSERT INTO filterlab.victim SELECT g, 'v' || g, NULL FROM generate_series(1, 100) g;
                """);
        catalog.refresh();
        tools = new Tools(invoker);
    }

    /** Every changing tool, with {@code filter} in each place it takes one. */
    static List<String[]> writesWith(String filter) {
        List<String[]> calls = new ArrayList<>();
        calls.add(new String[]{"db_update_records", "{\"table\":\"filterlab.victim\",\"data\":{\"name\":\"x\"},\"where\":" + filter + "}"});
        calls.add(new String[]{"db_delete_records", "{\"table\":\"filterlab.victim\",\"where\":" + filter + "}"});
        calls.add(new String[]{"db_delete_records", "{\"table\":\"filterlab.victim\",\"soft_delete\":true,\"where\":" + filter + "}"});
        calls.add(new String[]{"db_batch_update", "{\"table\":\"filterlab.victim\",\"updates\":[{\"where\":{\"id\":1},\"data\":{\"name\":\"a\"}},"
                + "{\"where\":" + filter + ",\"data\":{\"name\":\"x\"}}]}"});
        calls.add(new String[]{"db_batch_delete", "{\"table\":\"filterlab.victim\",\"conditions\":[{\"id\":1}," + filter + "]}"});
        calls.add(new String[]{"db_batch_delete", "{\"table\":\"filterlab.victim\",\"soft_delete\":true,\"conditions\":[" + filter + "]}"});
        return calls;
    }

    @Test
    void aFilterThatCompilesToAConstantIsNoFilterForAnyWrite() throws Exception {
        String before = victim();
        // An exclusive lock held elsewhere: any statement on the table would wait for it (and time out with
        // DB_504), so a DB_400 answer proves the refusal came before any SQL ran.
        try (Connection holder = TestDatabase.connect(); Statement statement = holder.createStatement()) {
            holder.setAutoCommit(false);
            statement.execute("LOCK TABLE filterlab.victim IN ACCESS EXCLUSIVE MODE");
            int checked = 0;
            for (String filter : CONSTANT_FILTERS) {
                for (String[] call : writesWith(filter)) {
                    long started = System.nanoTime();
                    ToolOutcome outcome = tools.fails(ErrorCode.DB_400_VALIDATION, call[0], call[1]);
                    assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 2000, call[1]);
                    String message = outcome.error().getMessage();
                    assertTrue(message.contains("where") || message.contains("filter") || message.contains("$or")
                            || message.contains("$and"), message);
                    checked++;
                }
            }
            assertEquals(CONSTANT_FILTERS.size() * 6, checked);
            holder.rollback();
        }
        assertEquals(before, victim(), "nothing changed");
    }

    @Test
    void filtersWithAConstantPartThatDoesNotDecideThemStillWork() {
        tools.ok("db_update_records", """
                {"table":"filterlab.victim","data":{"name":"kept"},"where":{"id":{"$nin":[],"$lte":2}}}""");
        tools.ok("db_delete_records", """
                {"table":"filterlab.victim","where":{"$or":[{"id":{"$in":[]}},{"id":3}]}}""");
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM filterlab.victim WHERE name = 'kept'"));
        assertEquals(99, TestDatabase.count("SELECT count(*) FROM filterlab.victim"));
        // Reads may still use constants: the guard is about changing rows.
        assertEquals(0, tools.ok("db_query_records", "{\"table\":\"filterlab.victim\",\"where\":{\"id\":{\"$in\":[]}}}")
                .get("count").asInt());
    }

    @Test
    void writesOverTheMaxAffectedGuardAreRefusedAndChangeNothing() {
        String before = victim();
        for (String[] call : writesWith("{\"id\":{\"$lte\":6}}")) {
            ToolOutcome outcome = tools.fails(ErrorCode.DB_413_TOO_LARGE, call[0], call[1]);
            assertTrue(outcome.error().getMessage().contains("DB_ADMIN_MAX_AFFECTED_ROWS"), outcome.error().getMessage());
            assertEquals(5L, outcome.error().details().get("max_affected_rows"));
        }
        assertEquals(before, victim());
        tools.ok("db_delete_records", "{\"table\":\"filterlab.victim\",\"where\":{\"id\":{\"$lte\":5}}}");
        assertEquals(95, TestDatabase.count("SELECT count(*) FROM filterlab.victim"));
    }

    /**
     * Rows the guard's lock could not see (inserted by a transaction that commits while the tool waits for a
     * row lock) are changed by the statement that follows; the count after it catches them and the call
     * rolls back.
     */
    @Test
    void rowsThatMatchOnlyWhenTheStatementRunsAreCountedToo() throws Exception {
        try (Connection other = TestDatabase.connect(); Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            statement.execute("SELECT * FROM filterlab.victim WHERE id = 1 FOR UPDATE");
            CompletableFuture<ToolOutcome> update = CompletableFuture.supplyAsync(() -> tools.call("db_update_records",
                    "{\"table\":\"filterlab.victim\",\"data\":{\"name\":\"x\"},\"where\":{\"$or\":[{\"id\":{\"$lte\":5}},{\"name\":\"new\"}]}}"));
            waitUntilAServerBackendWaitsForALock();
            statement.execute("INSERT INTO filterlab.victim VALUES (101, 'new'), (102, 'new')");
            other.commit();
            ToolOutcome outcome = update.get(30, TimeUnit.SECONDS);
            assertFalse(outcome.success(), "the 5 rows locked plus 2 new ones exceed the guard");
            assertEquals(ErrorCode.DB_413_TOO_LARGE, outcome.error().code(), outcome.error().getMessage());
        }
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM filterlab.victim WHERE name = 'x'"), "rolled back");
    }

    private static void waitUntilAServerBackendWaitsForALock() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (TestDatabase.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'database-admin-server'"
                + " AND wait_event_type = 'Lock'") == 0) {
            assertTrue(System.nanoTime() < deadline, "the tool call never waited for the row lock");
            Thread.sleep(20);
        }
    }

    private static String victim() {
        try (var connection = TestDatabase.connect(); var statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT md5(string_agg(id || ':' || name || ':' || coalesce(deleted_at::text, ''),"
                     + " ',' ORDER BY id)) FROM filterlab.victim")) {
            rs.next();
            return rs.getString(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
