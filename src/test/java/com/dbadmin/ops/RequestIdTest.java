package com.dbadmin.ops;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.dbadmin.ops.logging.RequestIdFilter;
import com.dbadmin.ops.logging.ToolCallLogger;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.McpClients;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The correlation id: taken from X-Request-Id or generated, returned in the response, carried into
 * the tool call's context and onto its log line, on REST and MCP alike.
 */
class RequestIdTest extends DatabaseTest {
    @Inject
    EmbeddedServer server;

    private static ILoggingEvent callLine(LogCapture capture, String requestId) {
        List<ILoggingEvent> lines = capture.events().stream()
                .filter(e -> requestId.equals(e.getMDCPropertyMap().get(RequestIdFilter.MDC_KEY)))
                .toList();
        assertEquals(1, lines.size(), "one tool-call line for request " + requestId + ": " + capture.events());
        return lines.get(0);
    }

    @Test
    void theCallersIdIsReturnedAndLoggedWithTheCall() {
        try (LogCapture capture = new LogCapture(ToolCallLogger.class)) {
            HttpResponse<String> response = OpsHttp.post(server.getURL(), "/api/db/query",
                    "{\"table\":\"books\",\"limit\":2}", "X-Request-Id", "client-req.42");
            assertEquals(200, response.statusCode());
            assertEquals("client-req.42", response.headers().firstValue("X-Request-Id").orElseThrow());

            ILoggingEvent line = callLine(capture, "client-req.42");
            JsonNode fields = capture.json(line);
            assertEquals("client-req.42", fields.get("requestId").asText());
            assertEquals("db_query_records", fields.get("tool").asText());
            assertEquals("rest", fields.get("transport").asText());
            assertEquals("public.books", fields.get("table").asText());
            assertEquals("success", fields.get("outcome").asText());
            assertEquals(2, fields.get("rowCount").asInt());
            assertTrue(fields.get("durationMs").isNumber() && fields.get("durationMs").asDouble() > 0, fields.toString());
            assertFalse(fields.has("code"));
        }
    }

    @Test
    void anIdIsGeneratedWhenTheCallerSendsNoneOrAnUnusableOne() {
        try (LogCapture capture = new LogCapture(ToolCallLogger.class)) {
            HttpResponse<String> response = OpsHttp.post(server.getURL(), "/api/db/query", "{\"table\":\"nope_table\"}");
            assertEquals(404, response.statusCode());
            String generated = response.headers().firstValue("X-Request-Id").orElseThrow();
            assertDoesNotThrow(() -> UUID.fromString(generated));
            JsonNode fields = capture.json(callLine(capture, generated));
            assertEquals("error", fields.get("outcome").asText());
            assertEquals("DB_404_NOT_FOUND", fields.get("code").asText());
            assertEquals("nope_table", fields.get("table").asText(), "the requested name when the catalogue has none");

            String unusable = "x".repeat(300);
            HttpResponse<String> replaced = OpsHttp.post(server.getURL(), "/api/db/query", "{\"table\":\"books\",\"limit\":1}",
                    "X-Request-Id", unusable);
            String id = replaced.headers().firstValue("X-Request-Id").orElseThrow();
            assertNotEquals(unusable, id);
            assertDoesNotThrow(() -> UUID.fromString(id));
            callLine(capture, id);
        }
    }

    @Test
    void everyResponseCarriesAnIdIncludingHealthAndErrors() {
        assertEquals("h-1", OpsHttp.get(server.getURL(), "/health", "X-Request-Id", "h-1")
                .headers().firstValue("X-Request-Id").orElseThrow());
        HttpResponse<String> notFound = OpsHttp.get(server.getURL(), "/no/such/route", "X-Request-Id", "nf-1");
        assertEquals(404, notFound.statusCode());
        assertEquals("nf-1", notFound.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void mcpCallsCarryTheHttpRequestId() {
        try (LogCapture capture = new LogCapture(ToolCallLogger.class)) {
            McpSyncClient client = McpClients.http(server.getURL(), request -> request.header("X-Request-Id", "mcp-req-7"));
            try {
                client.initialize();
                McpSchema.CallToolResult result = client.callTool(
                        new McpSchema.CallToolRequest("db_query_records", Map.of("table", "authors", "limit", 1)));
                assertFalse(result.isError());
            } finally {
                client.closeGracefully();
            }
            JsonNode fields = capture.json(callLine(capture, "mcp-req-7"));
            assertEquals("mcp_http", fields.get("transport").asText());
            assertEquals("public.authors", fields.get("table").asText());
        }
    }
}
