package com.dbadmin.tool;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.Fixtures;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tools;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Batches that fail for reasons other than their data: the statement timeout, lock waits, retryable
 * errors (serialization failure, deadlock, lost connection) and the max-affected guard. Each leaves
 * nothing behind. This context runs with a 3 s statement timeout and a 50-row max-affected guard.
 */
class BatchFailuresTest extends DatabaseTest {
    /** This class's batches (other tests' servers may leave slow statements running on the same database). */
    private static final String SERVER_BACKENDS = "application_name = 'database-admin-server' AND pid <> pg_backend_pid()"
            + " AND query LIKE '%batchlab%'";

    @Inject
    ToolInvoker invoker;
    @Inject
    CatalogCache catalog;
    Tools tools;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("db-admin.limits.statement-timeout", "3s", "db-admin.limits.max-affected-rows", "50");
    }

    @BeforeEach
    void setUp() {
        Fixtures.load("batchlab.sql");
        catalog.refresh();
        tools = new Tools(invoker);
    }

    @Test
    void theStatementTimeoutCancelsASlowBatch() {
        long started = System.nanoTime();
        var outcome = tools.fails(ErrorCode.DB_504_TIMEOUT, "db_batch_insert", """
                {"table":"batchlab.events","records":[{"label":"a"},{"label":"sleep"},{"label":"b"}]}""");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "cancelled by the 3 s timeout, not after the 20 s sleep: " + took);
        assertTrue(outcome.error().code().retryable());
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM batchlab.events"), "nothing written");
    }

    @Test
    void aBatchWaitingForALockTimesOut() throws Exception {
        try (Connection holder = TestDatabase.connect(); Statement statement = holder.createStatement()) {
            holder.setAutoCommit(false);
            statement.execute("SELECT * FROM batchlab.items WHERE id = 2 FOR UPDATE");
            tools.fails(ErrorCode.DB_504_TIMEOUT, "db_batch_update", """
                    {"table":"batchlab.items","updates":[{"where":{"id":1},"data":{"qty":100}},{"where":{"id":2},"data":{"qty":200}}]}""");
            holder.rollback();
        }
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM batchlab.items WHERE qty >= 100"), "neither update survived");
    }

    @Test
    void aSerializationFailureIsRetryableAndLeavesNothing() {
        var insert = tools.fails(ErrorCode.DB_503_UNAVAILABLE, "db_batch_insert", """
                {"table":"batchlab.events","records":[{"label":"a"},{"label":"b"},{"label":"serialize"}]}""");
        assertRetryable(insert);
        var update = tools.fails(ErrorCode.DB_503_UNAVAILABLE, "db_batch_update", """
                {"table":"batchlab.events","updates":[{"where":{"id":1},"data":{"label":"serialize"}}]}""");
        assertRetryable(update);
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM batchlab.events WHERE label = 'existing'"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM batchlab.events"));
    }

    @Test
    void aDeadlockIsRetryableAndLeavesNothing() throws Exception {
        try (Connection other = TestDatabase.connect(); Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            // The other session waits 10 s before checking for deadlocks; the server's session (1 s default)
            // detects it first, so the batch is the one PostgreSQL aborts.
            statement.execute("SET deadlock_timeout = '10s'");
            statement.execute("UPDATE batchlab.items SET name = 'other' WHERE id = 2");
            CompletableFuture<com.dbadmin.call.ToolOutcome> batch = CompletableFuture.supplyAsync(() -> tools.call(
                    "db_batch_update", """
                            {"table":"batchlab.items","updates":[{"where":{"id":1},"data":{"qty":100}},{"where":{"id":2},"data":{"qty":200}}]}"""));
            awaitServerBackend("wait_event_type = 'Lock'");
            statement.execute("UPDATE batchlab.items SET name = 'other' WHERE id = 1");
            var outcome = batch.get(30, TimeUnit.SECONDS);
            assertFalse(outcome.success());
            assertEquals(ErrorCode.DB_503_UNAVAILABLE, outcome.error().code(), outcome.error().getMessage());
            assertEquals("40P01", outcome.error().details().get("sqlstate"));
            assertRetryable(outcome);
            other.rollback();
        }
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM batchlab.items WHERE qty >= 100"));
    }

    @Test
    void aLostConnectionIsRetryableAndLeavesNothing() throws Exception {
        CompletableFuture<com.dbadmin.call.ToolOutcome> batch = CompletableFuture.supplyAsync(() -> tools.call(
                "db_batch_insert", """
                        {"table":"batchlab.events","records":[{"label":"a"},{"label":"sleep"}]}"""));
        int pid = awaitServerBackend("wait_event = 'PgSleep'");
        TestDatabase.execute("SELECT pg_terminate_backend(" + pid + ")");
        var outcome = batch.get(30, TimeUnit.SECONDS);
        assertFalse(outcome.success());
        assertEquals(ErrorCode.DB_503_UNAVAILABLE, outcome.error().code(), outcome.error().getMessage());
        assertRetryable(outcome);
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM batchlab.events"));
        // The pool replaces the dead connection: the next call works.
        tools.ok("db_batch_insert", "{\"table\":\"batchlab.events\",\"records\":[{\"label\":\"after\"}]}");
    }

    @Test
    void theMaxAffectedGuardCoversTheWholeBatch() {
        StringBuilder tooMany = new StringBuilder("[");
        for (int i = 0; i < 60; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{\"sku\":\"g-").append(i).append("\",\"name\":\"g\"}");
        }
        tools.ok("db_batch_insert", "{\"table\":\"batchlab.items\",\"records\":" + tooMany + "],\"return_records\":false}");
        StringBuilder updates = new StringBuilder("[");
        StringBuilder conditions = new StringBuilder("[");
        for (int i = 0; i < 60; i++) {
            updates.append(i == 0 ? "" : ",").append("{\"where\":{\"sku\":\"g-").append(i).append("\"},\"data\":{\"qty\":99}}");
            conditions.append(i == 0 ? "" : ",").append("{\"sku\":\"g-").append(i).append("\"}");
        }
        tools.fails(ErrorCode.DB_413_TOO_LARGE, "db_batch_update", "{\"table\":\"batchlab.items\",\"updates\":" + updates + "]}");
        tools.fails(ErrorCode.DB_413_TOO_LARGE, "db_batch_delete", "{\"table\":\"batchlab.items\",\"conditions\":" + conditions + "]}");
        assertEquals(60, TestDatabase.count("SELECT count(*) FROM batchlab.items WHERE sku LIKE 'g-%' AND qty = 5"));
    }

    private static void assertRetryable(com.dbadmin.call.ToolOutcome outcome) {
        assertTrue(outcome.error().code().retryable());
        JsonNode body = ToolResults.body(outcome).get("error");
        assertTrue(body.get("retryable").asBoolean(), body.toString());
        assertTrue(outcome.error().getMessage().toLowerCase().contains("retry"), outcome.error().getMessage());
    }

    /** Waits until a server connection is in the given state; returns its backend pid. */
    private static int awaitServerBackend(String condition) throws SQLException {
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
            return await("a server backend with " + condition).atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        try (ResultSet rs = statement.executeQuery("SELECT pid FROM pg_stat_activity WHERE "
                                + SERVER_BACKENDS + " AND " + condition + " LIMIT 1")) {
                            return rs.next() ? rs.getInt(1) : 0;
                        }
                    }, pid -> pid > 0);
        }
    }
}
