package com.dbadmin.mcp;

import com.dbadmin.support.StdioProcess;
import com.dbadmin.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A stdio session under sustained use, against the packaged jar: every request answered exactly once under
 * its own id, sequentially and with many in flight; a bad line answered with -32700 without ending the
 * session; end of input answering what is running, then exiting promptly.
 */
class StdioSessionIT {
    private static final Duration ANSWER = Duration.ofSeconds(30);

    @BeforeAll
    static void database() {
        TestDatabase.postgres();
    }

    /** The per-call log line and audit row are left out here: they would only slow 100,000 calls down. */
    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(McpStdioIT.env());
        env.put("DB_ADMIN_LOG_TOOL_CALLS", "failures");
        env.put("DB_ADMIN_AUDIT_LOG_ENABLED", "false");
        env.put("DB_ADMIN_RATE_LIMIT", "0");
        env.put("BACKUP_DIR", TestDatabase.backupDir().toString());
        return env;
    }

    /** Every 100th call reads the database; the rest answer from the catalogue cache. */
    private static String call(long id) {
        if (id % 100 == 0) {
            return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"db_query_records\","
                    + "\"arguments\":{\"table\":\"authors\",\"columns\":[\"id\"],\"order_by\":[{\"column\":\"id\"}],\"limit\":1,"
                    + "\"offset\":" + (id / 100 % 5) + "}}}";
        }
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"db_list_table_columns\","
                + "\"arguments\":{\"table\":\"authors\"}}}";
    }

    /** The answer carries the request's own result: the query's offset, or the columns of authors. */
    private static void assertAnswers(long id, JsonNode answer) {
        assertEquals(id, answer.path("id").asLong(-1), answer::toString);
        JsonNode result = answer.get("result");
        assertNotNull(result, answer::toString);
        assertFalse(result.path("isError").asBoolean(), answer::toString);
        JsonNode structured = result.get("structuredContent");
        if (id % 100 == 0) {
            assertEquals(id / 100 % 5, structured.get("offset").asLong(), answer::toString);
        } else {
            assertEquals("public.authors", structured.get("table").asText(), answer::toString);
        }
    }

    @Test
    void hundredThousandSequentialCallsAreAllAnswered() throws Exception {
        try (StdioProcess server = new StdioProcess(McpStdioIT.jar(), env())) {
            server.initialize("2025-11-25");
            for (long id = 1; id <= 100_000; id++) {
                server.send(call(id));
                JsonNode answer = server.next(ANSWER);
                assertNotNull(answer, "no answer to call " + id);
                assertAnswers(id, answer);
            }
            server.closeInput();
            assertTrue(server.waitFor(Duration.ofSeconds(10)));
            assertEquals(0, server.exitValue());
            assertEquals(java.util.List.of(), server.strayLines(), "stdout carries only JSON-RPC");
        }
    }

    @Test
    void sixteenCallsInFlightAreEachAnsweredOnceUnderTheirOwnId() throws Exception {
        int total = 20_000;
        int window = 16;
        try (StdioProcess server = new StdioProcess(McpStdioIT.jar(), env())) {
            server.initialize("2025-11-25");
            Set<Long> answered = new HashSet<>();
            long sent = 0;
            // Keep 16 requests in flight: each answer lets one more go.
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (; sent < window; sent++) {
                burst.write((call(sent + 1) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            server.sendRaw(burst.toByteArray());
            while (answered.size() < total) {
                JsonNode answer = server.next(ANSWER);
                assertNotNull(answer, "answers stopped after " + answered.size());
                long id = answer.path("id").asLong(-1);
                assertTrue(id >= 1 && id <= sent, "an answer to a request not sent: " + answer);
                assertTrue(answered.add(id), "answered twice: " + id);
                assertAnswers(id, answer);
                if (sent < total) {
                    sent++;
                    server.send(call(sent));
                }
            }
            assertNull(server.next(Duration.ofMillis(500)), "nothing beyond one answer per request");
            assertEquals(java.util.List.of(), server.strayLines());
        }
    }

    @Test
    void aBadLineIsAParseErrorAndTheSessionGoesOn() throws Exception {
        try (StdioProcess server = new StdioProcess(McpStdioIT.jar(), env())) {
            server.initialize("2025-11-25");
            server.send("{this is not json");
            JsonNode parseError = server.next(ANSWER);
            assertEquals(-32700, parseError.path("error").path("code").asInt(), parseError::toString);
            assertTrue(parseError.get("id").isNull(), parseError::toString);
            server.send("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}");
            JsonNode nullId = server.next(ANSWER);
            assertEquals(-32600, nullId.path("error").path("code").asInt(), "id null is not a notification: " + nullId);
            server.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"no/such/method\"}");
            assertEquals(-32601, server.next(ANSWER).path("error").path("code").asInt());
            server.send(call(8));
            assertAnswers(8, server.next(ANSWER));
        }
    }

    @Test
    void logMessagesProgressAndCancellation() throws Exception {
        TestDatabase.execute("DROP TABLE IF EXISTS public.stdio_items; CREATE TABLE public.stdio_items"
                + " (id int PRIMARY KEY, qty int NOT NULL); INSERT INTO public.stdio_items VALUES (1, 1);");
        try (StdioProcess server = new StdioProcess(McpStdioIT.jar(), env())) {
            server.initialize("2025-11-25");
            server.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"info\"}}");
            assertTrue(server.next(ANSWER).get("result").isObject());

            server.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"db_backup_table\","
                    + "\"arguments\":{\"table\":\"stdio_items\"},\"_meta\":{\"progressToken\":\"p2\"}}}");
            JsonNode message = server.next(ANSWER);
            assertEquals("notifications/progress", message.get("method").asText(), message::toString);
            assertEquals("p2", message.get("params").get("progressToken").asText());
            JsonNode log = server.next(ANSWER);
            assertEquals("notifications/message", log.get("method").asText(), log::toString);
            assertEquals("info", log.get("params").get("level").asText());
            assertTrue(log.get("params").get("data").asText().startsWith("db_backup_table succeeded"), log::toString);
            assertEquals(2, server.next(ANSWER).get("id").asInt(), "the answer follows its notifications");

            try (java.sql.Connection blocker = TestDatabase.connect()) {
                blocker.setAutoCommit(false);
                blocker.createStatement().execute("SELECT * FROM public.stdio_items WHERE id = 1 FOR UPDATE");
                server.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"db_update_records\","
                        + "\"arguments\":{\"table\":\"stdio_items\",\"data\":{\"qty\":9},\"where\":{\"id\":1}}}}");
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (TestDatabase.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        + " AND query LIKE '%stdio_items%'") == 0) {
                    assertTrue(System.nanoTime() < deadline, "the update never waited for the lock");
                    Thread.sleep(20);
                }
                server.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":3}}");
                server.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}");
                // The ping's answer and the cancelled call's log message may come in either order; an answer
                // to request 3 must never come.
                boolean pinged = false;
                boolean logged = false;
                JsonNode next;
                while ((next = server.next(Duration.ofSeconds(pinged && logged ? 1 : 20))) != null) {
                    assertNotEquals(3, next.path("id").asInt(-1), "no answer for the cancelled request: " + next);
                    if (next.path("id").asInt(-1) == 4) {
                        pinged = true;
                    } else {
                        assertEquals("notifications/message", next.get("method").asText(), next::toString);
                        assertTrue(next.get("params").get("data").asText().contains("DB_499_CANCELLED"), next::toString);
                        logged = true;
                    }
                }
                assertTrue(pinged && logged, "the session goes on, and the cancelled call is logged");
                blocker.rollback();
            }
            assertEquals(1, TestDatabase.count("SELECT qty FROM public.stdio_items WHERE id = 1"), "rolled back");
        }
    }

    @Test
    void endOfInputAnswersRunningCallsThenExitsPromptly() throws Exception {
        try (StdioProcess server = new StdioProcess(McpStdioIT.jar(), env())) {
            server.initialize("2025-11-25");
            // A full backup takes a while: stdin closes while it runs, and its answer must still come.
            server.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"db_backup_full\","
                    + "\"arguments\":{}}}");
            server.send(call(2));
            server.closeInput();
            Set<Long> ids = new HashSet<>();
            for (int i = 0; i < 2; i++) {
                JsonNode answer = server.next(Duration.ofSeconds(120));
                assertNotNull(answer, "a running call was dropped at end of input");
                ids.add(answer.path("id").asLong());
                assertFalse(answer.path("result").path("isError").asBoolean(), answer::toString);
            }
            assertEquals(Set.of(1L, 2L), ids);
            assertTrue(server.waitFor(Duration.ofSeconds(30)));
            assertEquals(0, server.exitValue());
        }
        try (StdioProcess idle = new StdioProcess(McpStdioIT.jar(), env())) {
            idle.initialize("2025-11-25");
            idle.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
            assertNotNull(idle.next(ANSWER));
            long closed = System.nanoTime();
            idle.closeInput();
            assertTrue(idle.waitFor(Duration.ofSeconds(10)));
            long millis = (System.nanoTime() - closed) / 1_000_000;
            assertTrue(millis < 1000, "an idle server exits within 1 s of end of input; took " + millis + " ms");
            assertEquals(0, idle.exitValue());
        }
    }
}
