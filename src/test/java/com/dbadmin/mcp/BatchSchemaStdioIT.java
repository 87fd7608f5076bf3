package com.dbadmin.mcp;

import com.dbadmin.support.Fixtures;
import com.dbadmin.support.McpClients;
import com.dbadmin.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The batch and schema tools over MCP stdio, from the packaged jar. */
class BatchSchemaStdioIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void batchAndSchemaToolsWorkOverStdio() {
        TestDatabase.postgres();
        Fixtures.load("batchlab.sql");
        McpSyncClient client = McpClients.stdio(McpStdioIT.jar(), McpStdioIT.env());
        try {
            client.initialize();
            List<String> names = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertTrue(names.containsAll(List.of("db_batch_insert", "db_batch_update", "db_batch_delete", "db_get_schema",
                    "db_list_tables", "db_get_relationships", "db_list_table_columns")), names.toString());

            McpSchema.CallToolResult inserted = client.callTool(new McpSchema.CallToolRequest("db_batch_insert", Map.of(
                    "table", "batchlab.items", "records", List.of(Map.of("sku", "stdio-1", "name", "s")),
                    "return_records", false)));
            assertFalse(Boolean.TRUE.equals(inserted.isError()), String.valueOf(inserted.structuredContent()));
            assertEquals(1, JSON.valueToTree(inserted.structuredContent()).get("inserted_count").asInt());
            assertEquals(1, TestDatabase.count("SELECT count(*) FROM batchlab.items WHERE sku = 'stdio-1'"));

            McpSchema.CallToolResult described = client.callTool(new McpSchema.CallToolRequest("db_get_schema",
                    Map.of("table", "batchlab.orders")));
            JsonNode schema = JSON.valueToTree(described.structuredContent());
            assertEquals("batchlab.items", schema.get("foreign_keys").get(0).get("referenced_table").asText());
            assertEquals("restrict", schema.get("foreign_keys").get(0).get("on_delete").asText());
        } finally {
            client.closeGracefully();
        }
    }
}
