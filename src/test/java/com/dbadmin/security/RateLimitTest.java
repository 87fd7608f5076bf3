package com.dbadmin.security;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.Scope;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.call.Transport;
import com.dbadmin.guard.RateLimitGuard;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.Http;
import com.dbadmin.support.McpClients;
import com.dbadmin.support.MutableClock;
import com.dbadmin.support.Tokens;
import com.dbadmin.support.Tools;
import com.dbadmin.tool.ToolInvoker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The per-principal rate limit (100 calls per minute, on a clock the test moves): the 101st call is
 * refused with 429 / DB_429_RATE_LIMITED and a retry delay, on every transport, other principals are
 * unaffected, and the next window admits calls again.
 */
class RateLimitTest extends DatabaseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUERY = "{\"table\":\"books\",\"limit\":1}";

    @Inject
    EmbeddedServer server;
    @Inject
    ToolInvoker invoker;
    @Inject
    MeterRegistry meters;
    @Inject
    MutableClock clock;
    Http http;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of(
                "db-admin.rate-limit.requests", "100",
                MutableClock.PROPERTY.getKey(), MutableClock.PROPERTY.getValue(),
                "db-admin.auth.api-keys", String.join(",",
                        Tokens.apiKeyEntry("rest-client", "rest-client-key-000000", "db:read"),
                        Tokens.apiKeyEntry("bystander", "bystander-key-000000000", "db:read"),
                        Tokens.apiKeyEntry("mcp-client", "mcp-client-key-0000000", "db:read")));
    }

    @BeforeAll
    void setUp() {
        http = new Http(server.getURL());
    }

    @Test
    void restAnswers429WithRetryAfterOnThe101stCallAndTheWindowRecovers() {
        String[] auth = Http.bearer("rest-client-key-000000");
        double rejectedBefore = rejected("rest");
        for (int i = 1; i <= 100; i++) {
            HttpResponse<String> response = http.post("/api/db/query", QUERY, auth);
            assertEquals(200, response.statusCode(), "call " + i + ": " + response.body());
        }
        HttpResponse<String> limited = http.post("/api/db/query", QUERY, auth);
        assertEquals(429, limited.statusCode(), limited.body());
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        JsonNode error = Http.json(limited).get("error");
        assertEquals("DB_429_RATE_LIMITED", error.get("code").asText());
        assertTrue(error.get("retryable").asBoolean());
        assertEquals(retryAfter, error.get("retry_after_seconds").asLong());
        assertEquals(rejectedBefore + 1, rejected("rest"), "db.admin.rate.limited{transport=rest} counts it");

        assertEquals(200, http.post("/api/db/query", QUERY, Http.bearer("bystander-key-000000000")).statusCode(),
                "another principal has its own budget");

        clock.advance(Duration.ofSeconds(retryAfter - 1));
        assertEquals(429, http.post("/api/db/query", QUERY, auth).statusCode(), "still inside the window");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(200, http.post("/api/db/query", QUERY, auth).statusCode(), "the next window admits calls again");
    }

    @Test
    void mcpAnswersAnErrorResultWithTheRetryDelay() {
        McpSyncClient client = McpClients.http(server.getURL(), b -> b.header("Authorization", "Bearer mcp-client-key-0000000"));
        try {
            client.initialize();
            McpSchema.CallToolRequest request = new McpSchema.CallToolRequest("db_query_records", Map.of("table", "books", "limit", 1));
            for (int i = 1; i <= 100; i++) {
                assertFalse(Boolean.TRUE.equals(client.callTool(request).isError()), "call " + i);
            }
            McpSchema.CallToolResult limited = client.callTool(request);
            assertTrue(limited.isError());
            JsonNode error = JSON.valueToTree(limited.structuredContent()).get("error");
            assertEquals("DB_429_RATE_LIMITED", error.get("code").asText());
            assertTrue(error.get("retry_after_seconds").asLong() >= 1);
            assertTrue(rejected("mcp_http") >= 1);
        } finally {
            client.close();
        }
    }

    @Test
    void everyTransportCountsAndSchedulerJobsAreExempt() {
        Tools stdio = new Tools(invoker, new CallContext("desktop-user", Set.of(Scope.ADMIN), false, Transport.MCP_STDIO,
                null, null, null));
        for (int i = 0; i < 100; i++) {
            stdio.call("db_no_such_tool", "{}");
        }
        ToolOutcome limited = stdio.call("db_query_records", QUERY);
        assertEquals(ErrorCode.DB_429_RATE_LIMITED, limited.error().code(), "unknown-tool calls count too");
        assertEquals(ErrorCode.DB_429_RATE_LIMITED, stdio.call("db_no_such_tool", "{}").error().code());

        Tools scheduler = new Tools(invoker, new CallContext("backup-schedule", Set.of(Scope.ADMIN), false,
                Transport.SCHEDULER, null, null, null));
        for (int i = 0; i < 110; i++) {
            assertTrue(scheduler.call("db_query_records", QUERY).success(), "scheduled jobs are not rate-limited");
        }
    }

    private double rejected(String transport) {
        var counter = meters.find(RateLimitGuard.METRIC).tag("transport", transport).counter();
        return counter == null ? 0 : counter.count();
    }
}
