package com.dbadmin.mcp;

import com.dbadmin.support.McpClients;
import com.dbadmin.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** MCP over stdio against the packaged jar: a real SDK client, and a raw check that stdout is JSON-RPC only. */
class McpStdioIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    static String jar() {
        String jar = System.getProperty("app.jar");
        assertNotNull(jar, "failsafe passes the packaged jar as app.jar");
        return jar;
    }

    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", TestDatabase.jdbcUrl());
        env.put("DATABASE_USER", "postgres");
        env.put("DB_ADMIN_DATABASE_LOAD_DEMO", "true");
        env.put("DB_ADMIN_DEMO_BOOKS", "2000");
        return env;
    }

    @BeforeAll
    static void database() {
        TestDatabase.postgres();
    }

    @Test
    void sdkClientListsAndCallsTools() {
        McpSyncClient client = McpClients.stdio(jar(), env());
        try {
            McpSchema.InitializeResult init = client.initialize();
            assertEquals("database-admin-server", init.serverInfo().name());
            List<String> names = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertTrue(names.containsAll(List.of("db_query_records", "db_insert_record", "db_update_records", "db_delete_records")));
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("db_query_records", Map.of(
                    "table", "books", "where", Map.of("status", "published"),
                    "order_by", List.of(Map.of("column", "id")), "limit", 2)));
            assertFalse(Boolean.TRUE.equals(result.isError()));
            JsonNode structured = JSON.valueToTree(result.structuredContent());
            assertEquals(2, structured.get("records").size());
            McpSchema.CallToolResult denied = client.callTool(new McpSchema.CallToolRequest("db_query_records",
                    Map.of("table", "users")));
            assertTrue(denied.isError());
        } finally {
            client.closeGracefully();
        }
    }

    /** The version matrix over stdio (McpVersionMatrixTest has it over HTTP), with the SDK client. */
    @ParameterizedTest
    @ValueSource(strings = {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"})
    void initializesWithEachVersionAndWorksUnderIt(String version) {
        McpSyncClient client = McpClients.stdio(jar(), env(), version, spec -> {
        });
        try {
            McpSchema.InitializeResult init = client.initialize();
            assertEquals(version, init.protocolVersion());
            assertNotNull(init.capabilities().logging());
            assertFalse(init.instructions().isBlank());
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("db_query_records",
                    Map.of("table", "authors", "limit", 1)));
            assertFalse(Boolean.TRUE.equals(result.isError()), String.valueOf(result.structuredContent()));
        } finally {
            client.closeGracefully();
        }
    }

    @Test
    void stdoutCarriesOnlyJsonRpcAndTheProcessExitsWhenStdinCloses() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(McpClients.javaBinary(), "-jar", jar(), "--stdio");
        builder.environment().putAll(env());
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        try (OutputStream stdin = process.getOutputStream()) {
            String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n"
                    + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"db_query_records\","
                    + "\"arguments\":{\"table\":\"authors\",\"limit\":1}}}\n";
            stdin.write(init.getBytes(StandardCharsets.UTF_8));
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the server exits after stdin closes");
        assertEquals(0, process.exitValue());
        assertEquals(3, lines.size(), "one response per request, nothing else: " + lines);
        for (String line : lines) {
            JsonNode message = JSON.readTree(line);
            assertEquals("2.0", message.get("jsonrpc").asText(), line);
        }
        JsonNode call = JSON.readTree(lines.stream().filter(l -> l.contains("\"id\":3")).findFirst().orElseThrow());
        assertEquals(1, call.get("result").get("structuredContent").get("records").size());
    }
}
