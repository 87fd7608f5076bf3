package com.dbadmin.mcp;

import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.Http;
import com.dbadmin.support.McpClients;
import com.dbadmin.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Over Streamable HTTP: progress of long calls (backups, restores, exports, imports, batch writes) and the
 * call's log message on an SSE response, with the SDK client; cancellation of a running statement with raw
 * HTTP. Resources and prompts with the SDK client: table structures, never a hidden table.
 */
class McpNotificationsTest extends DatabaseTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;
    @Inject
    com.dbadmin.audit.AuditWriter auditWriter;
    McpSyncClient client;
    final List<McpSchema.ProgressNotification> progress = Collections.synchronizedList(new ArrayList<>());
    final List<McpSchema.LoggingMessageNotification> logs = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    void connect() {
        TestDatabase.execute("DROP TABLE IF EXISTS public.notify_items; CREATE TABLE public.notify_items"
                + " (id int PRIMARY KEY, qty int NOT NULL DEFAULT 0); INSERT INTO public.notify_items VALUES (1, 1);");
        client = McpClients.http(server.getURL(), "2025-11-25", spec -> spec
                .progressConsumer(progress::add)
                .loggingConsumer(logs::add));
        client.initialize();
        client.setLoggingLevel(McpSchema.LoggingLevel.INFO);
    }

    @AfterAll
    void close() {
        client.closeGracefully();
    }

    private List<McpSchema.ProgressNotification> callWithProgress(String tool, Map<String, Object> arguments, String token) {
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder().name(tool)
                .arguments(arguments).progressToken(token).build());
        assertFalse(Boolean.TRUE.equals(result.isError()), tool + ": " + result.structuredContent());
        List<McpSchema.ProgressNotification> mine = progress.stream()
                .filter(notification -> token.equals(notification.progressToken())).toList();
        assertFalse(mine.isEmpty(), tool + " reported no progress");
        // The SDK client hands notifications to consumers asynchronously, so their order here is not the
        // wire order (sseStreamCarriesProgressInOrderThenTheResponse checks that); each value comes once.
        List<McpSchema.ProgressNotification> sorted = new ArrayList<>(mine);
        sorted.sort(java.util.Comparator.comparingDouble(McpSchema.ProgressNotification::progress));
        for (int i = 1; i < sorted.size(); i++) {
            assertTrue(sorted.get(i).progress() > sorted.get(i - 1).progress(), "no progress value twice: " + mine);
        }
        return sorted;
    }

    @Test
    void longCallsReportProgressAndTheirLogLine() {
        List<McpSchema.ProgressNotification> backup = callWithProgress("db_backup_full", Map.of(), "backup-1");
        McpSchema.ProgressNotification last = backup.get(backup.size() - 1);
        assertNotNull(last.total());
        assertEquals(last.total(), last.progress(), "the last report says every table is done");
        assertTrue(logs.stream().anyMatch(log -> log.data().startsWith("db_backup_full succeeded")), logs.toString());

        String export = JSON.valueToTree(client.callTool(McpSchema.CallToolRequest.builder().name("db_export_csv")
                .arguments(Map.of("table", "books")).progressToken("export-1").build()).structuredContent())
                .get("file").asText();
        assertTrue(progress.stream().anyMatch(p -> "export-1".equals(p.progressToken()) && p.progress() >= 1000),
                "an export of 2000 rows reports every 1000");
        callWithProgress("db_import_csv", Map.of("table", "books", "csvFile", export, "onConflict", "skip",
                "dryRun", true), "import-1");
        String table = JSON.valueToTree(client.callTool(new McpSchema.CallToolRequest("db_backup_table",
                Map.of("table", "notify_items"))).structuredContent()).get("backup").asText();
        callWithProgress("db_restore_table", Map.of("backupFile", table, "table", "notify_items", "onConflict", "skip",
                "dryRun", true), "restore-1");
        List<McpSchema.ProgressNotification> batch = callWithProgress("db_batch_insert", Map.of("table", "notify_items",
                "records", List.of(Map.of("id", 10), Map.of("id", 11)), "return_records", false), "batch-1");
        assertEquals(2.0, batch.get(batch.size() - 1).progress());
    }

    @Test
    void sseStreamCarriesProgressInOrderThenTheResponse() throws Exception {
        HttpResponse<String> response = new Http(server.getURL()).post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":5,"
                        + "\"method\":\"tools/call\",\"params\":{\"name\":\"db_backup_full\",\"arguments\":{},"
                        + "\"_meta\":{\"progressToken\":7}}}",
                "Accept", "application/json, text/event-stream", "MCP-Protocol-Version", "2025-11-25");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<JsonNode> events = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data:")) {
                events.add(JSON.readTree(line.substring(5).trim()));
            }
        }
        JsonNode last = events.get(events.size() - 1);
        assertEquals(5, last.get("id").asInt(), "the response comes last");
        assertFalse(last.get("result").get("isError").asBoolean());
        double previous = 0;
        int reports = 0;
        for (JsonNode event : events.subList(0, events.size() - 1)) {
            if (event.get("method").asText().equals("notifications/progress")) {
                assertEquals(7, event.get("params").get("progressToken").asInt());
                assertTrue(event.get("params").get("progress").asDouble() > previous, events.toString());
                previous = event.get("params").get("progress").asDouble();
                reports++;
            } else {
                assertEquals("notifications/message", event.get("method").asText());
            }
        }
        assertTrue(reports > 1, events.toString());
    }

    @Test
    void cancellationStopsTheRunningStatementAndRollsBack() throws Exception {
        Http http = new Http(server.getURL());
        try (Connection blocker = TestDatabase.connect()) {
            blocker.setAutoCommit(false);
            try (Statement statement = blocker.createStatement()) {
                statement.execute("SELECT * FROM public.notify_items WHERE id = 1 FOR UPDATE");
            }
            CompletableFuture<HttpResponse<String>> blocked = CompletableFuture.supplyAsync(() -> http.post("/mcp",
                    "{\"jsonrpc\":\"2.0\",\"id\":\"cancel-me\",\"method\":\"tools/call\",\"params\":{\"name\":"
                            + "\"db_update_records\",\"arguments\":{\"table\":\"notify_items\",\"data\":{\"qty\":99},"
                            + "\"where\":{\"id\":1}}}}", "Accept", "application/json, text/event-stream"));
            awaitWaitingForLock();
            HttpResponse<String> cancel = http.post("/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                    + "\"params\":{\"requestId\":\"cancel-me\",\"reason\":\"test\"}}", "Accept", "application/json, text/event-stream");
            assertEquals(202, cancel.statusCode());
            HttpResponse<String> answer = blocked.get(20, TimeUnit.SECONDS);
            JsonNode body = Http.json(answer);
            assertEquals("cancel-me", body.get("id").asText(), answer.body());
            assertEquals(McpError.REQUEST_CANCELLED, body.get("error").get("code").asInt(), answer.body());
            blocker.rollback();
        }
        assertEquals(1, TestDatabase.count("SELECT qty FROM public.notify_items WHERE id = 1"), "rolled back");
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'UPDATE%notify_items%'"
                + " AND state = 'active'"), "the statement stopped");
        assertTrue(auditWriter.awaitWritten(Duration.ofSeconds(20)));
        assertTrue(TestDatabase.count("SELECT count(*) FROM dbadmin.audit_log WHERE operation = 'db_update_records'"
                + " AND error_code = 'DB_499_CANCELLED'") >= 1, "the cancelled call is audited");
    }

    private static void awaitWaitingForLock() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (TestDatabase.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE '%notify_items%'") > 0) {
                return;
            }
            Thread.sleep(20);
        }
        fail("the update never started waiting for the lock");
    }

    @Test
    void tableStructuresAreResourcesAndHiddenTablesNeverAppear() throws Exception {
        List<String> uris = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListResourcesResult page = client.listResources(cursor);
            page.resources().forEach(resource -> uris.add(resource.uri()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertTrue(uris.contains("dbadmin://tables/public.books"), uris.toString());
        assertFalse(uris.stream().anyMatch(uri -> uri.endsWith(".users") || uri.endsWith(".auth_tokens")
                || uri.contains("dbadmin.audit_log")), "restricted and internal tables never appear: " + uris);

        assertEquals("dbadmin://tables/{table}", client.listResourceTemplates().resourceTemplates().get(0).uriTemplate());
        McpSchema.ReadResourceResult read = client.readResource(new McpSchema.ReadResourceRequest("dbadmin://tables/public.books"));
        JsonNode schema = JSON.readTree(((McpSchema.TextResourceContents) read.contents().get(0)).text());
        assertEquals("public.books", schema.get("table").asText());

        Http http = new Http(server.getURL());
        for (String hidden : List.of("public.users", "users", "dbadmin.audit_log", "public.no_such_table")) {
            JsonNode error = Http.json(http.mcp("resources/read", "{\"uri\":\"dbadmin://tables/" + hidden + "\"}"));
            assertEquals(-32002, error.get("error").get("code").asInt(), hidden + ": " + error);
            assertFalse(error.toString().contains("restricted"), "hidden and missing tables answer alike: " + error);
        }
    }

    @Test
    void promptsAreListedAndFilledIn() {
        List<String> names = client.listPrompts().prompts().stream().map(McpSchema.Prompt::name).toList();
        assertEquals(List.of("explore-table", "review-recent-changes"), names);
        McpSchema.GetPromptResult prompt = client.getPrompt(new McpSchema.GetPromptRequest("explore-table",
                Map.of("table", "public.books")));
        assertTrue(((McpSchema.TextContent) prompt.messages().get(0).content()).text().contains("public.books"));
    }
}
