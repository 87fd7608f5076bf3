package com.dbadmin.backup;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.guard.LongOperations;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tools;
import com.dbadmin.tool.ToolInvoker;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Long operations (backups, restores, exports, imports) cannot take the pool from ordinary calls: on a
 * pool of two only one runs at a time (DB_ADMIN_MAX_LONG_OPERATIONS, capped below the pool size), the
 * next is refused with a retryable DB_503 while ordinary calls are still served; and an export with a
 * caller's filter keeps the ordinary statement timeout (1.5 s here) plus 1 ms per row the table holds,
 * instead of the backups' six hours.
 */
class LongOperationsTest extends DatabaseTest {
    @Inject
    ToolInvoker invoker;
    @Inject
    CatalogCache catalog;
    @Inject
    LongOperations longOperations;
    Tools tools;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("db-admin.database.pool-size", "2", "db-admin.limits.statement-timeout", "1500ms");
    }

    @BeforeAll
    void setUp() {
        TestDatabase.execute("""
                DROP SCHEMA IF EXISTS slowlab CASCADE;
                CREATE SCHEMA slowlab;
                CREATE TABLE slowlab.items (id int PRIMARY KEY, name text);
                INSERT INTO slowlab.items SELECT g, 'item ' || g FROM generate_series(1, 50) g;
                -- 10 ms per row: 300 rows take 3 s, more than the 1.5 s timeout plus 300 x 1 ms.
                CREATE VIEW slowlab.slow AS SELECT g AS id, pg_sleep(0.01)::text AS z FROM generate_series(1, 300) g;
                -- 0.5 ms per row: 4,000 rows take 2 s, more than the timeout, less than it plus 4,000 x 1 ms.
                CREATE VIEW slowlab.steady AS SELECT g AS id, pg_sleep(0.0005)::text AS z FROM generate_series(1, 4000) g;
                """);
        catalog.refresh();
        tools = new Tools(invoker);
    }

    @Test
    void aFilteredExportKeepsTheStatementTimeoutOfAQueryWithThatFilter() {
        String filter = "{\"id\":{\"$gte\":1}}";
        tools.fails(ErrorCode.DB_504_TIMEOUT, "db_query_records", "{\"table\":\"slowlab.slow\",\"limit\":1000,\"where\":" + filter + "}");
        // Six hours on the backup timeout, as on main; the filtered export gets 1.5 s + 300 x 1 ms.
        tools.fails(ErrorCode.DB_504_TIMEOUT, "db_export_json", "{\"table\":\"slowlab.slow\",\"where\":" + filter + "}");
        tools.fails(ErrorCode.DB_504_TIMEOUT, "db_export_csv", "{\"table\":\"slowlab.slow\",\"where\":" + filter + "}");
        // The budget grows with the rows the table holds: 2 s for 4,000 cheap rows is within 1.5 s + 4 s.
        assertEquals(4000, tools.ok("db_export_json", "{\"table\":\"slowlab.steady\",\"where\":" + filter + "}").get("rows").asInt());
        // Without a filter the export is a table dump and gets the backup timeout.
        assertEquals(300, tools.ok("db_export_csv", "{\"table\":\"slowlab.slow\"}").get("rows").asInt());
    }

    @Test
    void beyondThePermitsLongOperationsAreRefusedWhileOrdinaryCallsAreServed() throws Exception {
        assertEquals(1, longOperations.permits(), "two permits by default, capped at pool size - 1");
        try (Connection holder = TestDatabase.connect(); Statement statement = holder.createStatement()) {
            holder.setAutoCommit(false);
            statement.execute("LOCK TABLE slowlab.items IN ACCESS EXCLUSIVE MODE");
            CompletableFuture<ToolOutcome> export = CompletableFuture.supplyAsync(
                    () -> tools.call("db_export_json", "{\"table\":\"slowlab.items\"}"));
            waitUntilAServerBackendWaitsForALock();
            for (String[] call : new String[][]{{"db_export_csv", "{\"table\":\"slowlab.items\"}"},
                    {"db_backup_table", "{\"table\":\"slowlab.items\"}"}, {"db_backup_full", "{}"}}) {
                ToolOutcome refused = tools.fails(ErrorCode.DB_503_UNAVAILABLE, call[0], call[1]);
                assertTrue(refused.error().code().retryable());
                assertTrue(refused.error().getMessage().contains("DB_ADMIN_MAX_LONG_OPERATIONS"), refused.error().getMessage());
                assertNotNull(refused.error().details().get("retry_after_seconds"));
            }
            assertTrue(tools.ok("db_query_records", "{\"table\":\"books\",\"limit\":1}").get("count").asInt() > 0,
                    "an ordinary call still gets a connection");
            holder.rollback();
            assertTrue(export.get(30, TimeUnit.SECONDS).success());
        }
        tools.ok("db_export_csv", "{\"table\":\"slowlab.items\"}");
    }

    private static void waitUntilAServerBackendWaitsForALock() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (TestDatabase.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'database-admin-server'"
                + " AND wait_event_type = 'Lock'") == 0) {
            assertTrue(System.nanoTime() < deadline, "the export never waited for the lock");
            Thread.sleep(20);
        }
    }
}
