package com.dbadmin.mcp;

import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.McpClients;
import io.micronaut.runtime.server.EmbeddedServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Each protocol version over Streamable HTTP with the SDK client offering only that version: the server
 * answers with it, and the session works under it (the client then sends it as MCP-Protocol-Version).
 * {@code McpStdioIT} runs the same matrix over stdio.
 */
class McpVersionMatrixTest extends DatabaseTest {
    @Inject
    EmbeddedServer server;

    @ParameterizedTest
    @ValueSource(strings = {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"})
    void initializesWithEachVersionAndWorksUnderIt(String version) {
        McpSyncClient client = McpClients.http(server.getURL(), version, spec -> {
        });
        try {
            McpSchema.InitializeResult init = client.initialize();
            assertEquals(version, init.protocolVersion());
            assertNotNull(init.capabilities().tools());
            assertNotNull(init.capabilities().logging());
            assertNotNull(init.capabilities().resources());
            assertNotNull(init.capabilities().prompts());
            assertFalse(init.instructions().isBlank());
            assertFalse(client.listTools().tools().isEmpty());
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("db_query_records",
                    Map.of("table", "authors", "limit", 1)));
            assertFalse(Boolean.TRUE.equals(result.isError()), String.valueOf(result.structuredContent()));
            client.ping();
        } finally {
            client.closeGracefully();
        }
    }
}
