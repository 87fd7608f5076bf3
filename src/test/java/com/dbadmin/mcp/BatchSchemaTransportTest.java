package com.dbadmin.mcp;

import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.Fixtures;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The batch and schema tools are served by MCP (SDK client over HTTP) and REST from the same catalogue. */
class BatchSchemaTransportTest extends DatabaseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TOOLS = List.of("db_batch_insert", "db_batch_update", "db_batch_delete",
            "db_get_schema", "db_list_tables", "db_get_relationships", "db_list_table_columns");

    @Inject
    EmbeddedServer server;
    @Inject
    CatalogCache catalog;
    McpSyncClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void connect() {
        client = McpClients.http(server.getURL());
        client.initialize();
    }

    @AfterAll
    void close() {
        client.closeGracefully();
    }

    @BeforeEach
    void fixture() {
        Fixtures.load("batchlab.sql");
        catalog.refresh();
    }

    private HttpResponse<String> rest(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path))
                .header("Content-Type", "application/json");
        request = body == null ? request.GET() : request.method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bothTransportsListTheSameDefinitions() throws Exception {
        Map<String, McpSchema.Tool> mcp = new HashMap<>();
        client.listTools().tools().forEach(tool -> mcp.put(tool.name(), tool));
        JsonNode restTools = JSON.readTree(rest("GET", "/api/tools", null).body()).get("tools");
        Map<String, JsonNode> byName = new HashMap<>();
        restTools.forEach(tool -> byName.put(tool.get("name").asText(), tool));
        for (String name : TOOLS) {
            assertTrue(mcp.containsKey(name), name);
            assertEquals(byName.get(name).get("inputSchema"), JSON.valueToTree(mcp.get(name).inputSchema()),
                    name + ": one definition, one schema");
        }
        assertEquals("db:batch", byName.get("db_batch_insert").get("scope").asText());
        assertEquals("db:read", byName.get("db_get_schema").get("scope").asText());
        assertEquals(1000, byName.get("db_batch_insert").get("inputSchema").get("properties").get("records").get("maxItems").asInt());
        assertTrue(mcp.get("db_get_schema").annotations().readOnlyHint());
        assertTrue(mcp.get("db_batch_delete").annotations().destructiveHint());
        assertFalse(mcp.get("db_batch_insert").annotations().readOnlyHint());
    }

    @Test
    void batchInsertOverMcpAndRest() throws Exception {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("db_batch_insert", Map.of(
                "table", "batchlab.items",
                "records", List.of(Map.of("sku", "mcp-1", "name", "one"), Map.of("sku", "mcp-2", "name", "two", "qty", 2)))));
        assertFalse(Boolean.TRUE.equals(result.isError()), String.valueOf(result.structuredContent()));
        JsonNode structured = JSON.valueToTree(result.structuredContent());
        assertEquals(2, structured.get("inserted_count").asInt());
        assertEquals(5, structured.get("records").get(0).get("qty").asInt());
        assertEquals(structured, JSON.readTree(((McpSchema.TextContent) result.content().get(0)).text()));

        HttpResponse<String> response = rest("POST", "/api/tools/db_batch_insert",
                "{\"table\":\"batchlab.items\",\"records\":[{\"sku\":\"rest-1\",\"name\":\"r\"}],\"return_records\":false}");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(1, body.get("inserted_count").asInt());
        assertFalse(body.has("records"));
        assertEquals(3, TestDatabase.count("SELECT count(*) FROM batchlab.items WHERE sku IN ('mcp-1','mcp-2','rest-1')"));

        HttpResponse<String> conflict = rest("POST", "/api/tools/db_batch_insert",
                "{\"table\":\"batchlab.items\",\"records\":[{\"sku\":\"rest-2\",\"name\":\"r\"},{\"sku\":\"rest-1\",\"name\":\"r\"}]}");
        assertEquals(409, conflict.statusCode());
        JsonNode error = JSON.readTree(conflict.body()).get("error");
        assertEquals("DB_409_CONFLICT", error.get("code").asText());
        assertEquals(1, error.get("index").asInt());
        assertEquals("items_sku_key", error.get("constraint").asText());
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM batchlab.items WHERE sku = 'rest-2'"));

        McpSchema.CallToolResult mcpConflict = client.callTool(new McpSchema.CallToolRequest("db_batch_insert", Map.of(
                "table", "batchlab.items", "records", List.of(Map.of("sku", "mcp-1", "name", "again")))));
        assertTrue(mcpConflict.isError());
        assertEquals(0, JSON.valueToTree(mcpConflict.structuredContent()).get("error").get("index").asInt());
    }

    @Test
    void oversizedAndMalformedBatches() throws Exception {
        List<Map<String, Object>> tooMany = new ArrayList<>(Collections.nCopies(1001, Map.of("sku", "x", "name", "x")));
        McpSchema.CallToolResult mcp = client.callTool(new McpSchema.CallToolRequest("db_batch_insert",
                Map.of("table", "batchlab.items", "records", tooMany)));
        assertTrue(mcp.isError());
        assertEquals("DB_413_TOO_LARGE", JSON.valueToTree(mcp.structuredContent()).get("error").get("code").asText());
        HttpResponse<String> rest = rest("POST", "/api/tools/db_batch_insert",
                JSON.writeValueAsString(Map.of("table", "batchlab.items", "records", tooMany)));
        assertEquals(413, rest.statusCode());

        McpSchema.CallToolResult malformed = client.callTool(new McpSchema.CallToolRequest(
                "db_batch_update", Map.of("table", "batchlab.items", "updates", List.of(Map.of("where", Map.of(), "data", Map.of("qty", 1))))));
        assertTrue(malformed.isError());
        assertEquals("DB_400_VALIDATION", JSON.valueToTree(malformed.structuredContent()).get("error").get("code").asText());
        assertEquals(400, rest("POST", "/api/tools/db_batch_delete", "{\"table\":\"batchlab.items\",\"conditions\":{}}").statusCode());
    }

    @Test
    void schemaToolsOverMcpAndRest() throws Exception {
        McpSchema.CallToolResult described = client.callTool(new McpSchema.CallToolRequest("db_get_schema",
                Map.of("table", "batchlab.items")));
        assertFalse(Boolean.TRUE.equals(described.isError()));
        JsonNode schema = JSON.valueToTree(described.structuredContent());
        assertEquals("batchlab.items", schema.get("table").asText());
        assertEquals("items_qty_nonnegative", schema.get("check_constraints").get(0).get("name").asText());

        HttpResponse<String> again = rest("POST", "/api/tools/db_get_schema", "{\"table\":\"batchlab.items\"}");
        assertEquals(200, again.statusCode());
        JsonNode restSchema = JSON.readTree(again.body());
        assertTrue(restSchema.get("from_cache").asBoolean(), "REST reuses what the MCP call loaded: one cache");
        assertEquals(schema.get("columns"), restSchema.get("columns"));

        HttpResponse<String> listing = rest("POST", "/api/tools/db_list_tables", "{\"pattern\":\"batchlab.%\"}");
        assertEquals(200, listing.statusCode());
        List<String> names = new ArrayList<>();
        JSON.readTree(listing.body()).get("tables").forEach(table -> names.add(table.get("name").asText()));
        assertEquals(List.of("counters", "events", "items", "orders"), names);
        assertEquals(404, rest("POST", "/api/tools/db_get_schema", "{\"table\":\"users\"}").statusCode());
        McpSchema.CallToolResult relationships = client.callTool(new McpSchema.CallToolRequest("db_get_relationships",
                Map.of("table", "batchlab.items", "depth", 2)));
        assertEquals("batchlab.orders", JSON.valueToTree(relationships.structuredContent()).get("children").get(0).get("table").asText());
    }
}
