package com.dbadmin.ops;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.support.Fixtures;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tools;
import com.dbadmin.tool.ToolInvoker;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Stopping the server while a tool call runs: the call finishes and answers, new calls are refused
 * with DB_503_UNAVAILABLE, the pool is closed afterwards; and a call longer than the grace period does
 * not hold the shutdown hostage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GracefulShutdownTest {

    @BeforeAll
    void fixtures() {
        Fixtures.load("opslab.sql");
    }

    /** A call cut off by the grace period leaves its query sleeping in PostgreSQL: end it for the next tests. */
    @AfterAll
    void endCutOffQueries() {
        TestDatabase.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE query LIKE '%slow_view%' AND pid <> pg_backend_pid()");
    }

    private static ApplicationContext start(String gracePeriod) {
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties());
        properties.put("micronaut.lifecycle.graceful-shutdown.grace-period", gracePeriod);
        return ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
    }

    @Test
    void aCallInFlightCompletesNewCallsAreRefusedThenThePoolCloses() throws Exception {
        ApplicationContext context = start("30s");
        URL server = context.getBean(EmbeddedServer.class).getURL();
        ShutdownGate gate = context.getBean(ShutdownGate.class);
        ToolInvoker invoker = context.getBean(ToolInvoker.class);
        HikariDataSource pool = context.getBean(HikariDataSource.class);

        CompletableFuture<HttpResponse<String>> slowCall = CompletableFuture.supplyAsync(() ->
                OpsHttp.post(server, "/api/tools/db_query_records", "{\"table\":\"opslab.slow_view\"}"));
        awaitRunningQuery("slow_view");

        long stopStarted = System.nanoTime();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(context::close);
        await("the shutdown to start").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(gate::isClosing);

        // Any transport's new call: refused before it touches the database, retryable.
        var refused = new Tools(invoker).fails(ErrorCode.DB_503_UNAVAILABLE, "db_query_records", "{\"table\":\"books\"}");
        assertTrue(refused.error().code().retryable());
        assertFalse(stopping.isDone(), "shutdown must wait for the running call");
        assertFalse(pool.isClosed(), "the pool stays open while a call runs");

        HttpResponse<String> response = slowCall.get(60, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = OpsHttp.json(response);
        assertEquals(1, body.at("/records/0/id").asInt(), body.toString());

        stopping.get(60, TimeUnit.SECONDS);
        assertTrue(pool.isClosed(), "the pool is closed once the server has stopped");
        assertTrue(Duration.ofNanos(System.nanoTime() - stopStarted).toMillis() < 30_000);
    }

    @Test
    void theGracePeriodBoundsTheWait() throws Exception {
        ApplicationContext context = start("2s");
        URL server = context.getBean(EmbeddedServer.class).getURL();
        HikariDataSource pool = context.getBean(HikariDataSource.class);
        CompletableFuture<HttpResponse<String>> verySlowCall = CompletableFuture.supplyAsync(() ->
                OpsHttp.post(server, "/api/tools/db_query_records", "{\"table\":\"opslab.very_slow_view\"}"));
        awaitRunningQuery("very_slow_view");

        long started = System.nanoTime();
        context.close();
        long stopMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertTrue(stopMillis < 20_000, "stopped after " + stopMillis + " ms although the call needs 25 s");
        assertTrue(pool.isClosed());
        // The cut-off call does not report success.
        try {
            HttpResponse<String> response = verySlowCall.get(60, TimeUnit.SECONDS);
            assertNotEquals(200, response.statusCode(), response.body());
        } catch (java.util.concurrent.ExecutionException expected) {
            // Connection closed by the stopping server: also a failure the client sees.
        }
    }

    /** Waits until the server's connection is running the slow view's query in PostgreSQL. */
    private static void awaitRunningQuery(String marker) {
        await("the slow call to reach PostgreSQL").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> TestDatabase.count("SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                        + " AND application_name = 'database-admin-server' AND query LIKE '%" + marker + "%'") > 0);
    }
}
