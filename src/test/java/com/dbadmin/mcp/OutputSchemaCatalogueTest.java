package com.dbadmin.mcp;

import com.dbadmin.call.ToolDefinition;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.McpClients;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.tool.ToolRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.micronaut.runtime.server.EmbeddedServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every tool of the catalogue, called for real over MCP: each success and each failure's structuredContent
 * is validated against the outputSchema the tool declares in tools/list by a JSON Schema 2020-12 validator.
 * The test fails if a tool was not exercised both ways.
 */
class OutputSchemaCatalogueTest extends DatabaseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    @Inject
    EmbeddedServer server;
    @Inject
    ToolRegistry registry;
    @Inject
    CatalogCache catalog;
    McpSyncClient client;
    final Map<String, JsonNode> outputSchemas = new HashMap<>();
    final Set<String> succeeded = new TreeSet<>();
    final Set<String> failed = new TreeSet<>();

    @BeforeAll
    void setUp() {
        TestDatabase.execute("""
                DROP SCHEMA IF EXISTS outlab CASCADE;
                CREATE SCHEMA outlab;
                CREATE TABLE outlab.items (id serial PRIMARY KEY, sku text NOT NULL UNIQUE, name text,
                    qty int CHECK (qty >= 0), deleted_at timestamptz);
                COMMENT ON TABLE outlab.items IS 'things';
                CREATE INDEX items_lower_name ON outlab.items (lower(name)) WHERE qty > 0;
                CREATE TABLE outlab.orders (id serial PRIMARY KEY, item_id int NOT NULL REFERENCES outlab.items (id)
                    ON DELETE CASCADE, parent_id int REFERENCES outlab.orders (id));
                CREATE VIEW outlab.item_names AS SELECT id, name FROM outlab.items;
                INSERT INTO outlab.items (sku, name, qty) VALUES ('a1', 'first', 1), ('a2', 'second', 2), ('a3', 'third', 3);
                INSERT INTO outlab.orders (item_id) VALUES (1), (2);
                """);
        catalog.refresh();
        client = McpClients.http(server.getURL());
        client.initialize();
        for (McpSchema.Tool tool : client.listTools().tools()) {
            assertNotNull(tool.outputSchema(), tool.name() + " declares an outputSchema");
            outputSchemas.put(tool.name(), JSON.valueToTree(tool.outputSchema()));
        }
    }

    @AfterAll
    void tearDown() {
        client.closeGracefully();
    }

    private JsonNode call(String tool, Map<String, Object> arguments, boolean expectError) {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, arguments));
        JsonNode structured = JSON.valueToTree(result.structuredContent());
        assertEquals(expectError, Boolean.TRUE.equals(result.isError()), tool + " " + arguments + ": " + structured);
        Set<ValidationMessage> violations = SCHEMAS.getSchema(outputSchemas.get(tool)).validate(structured);
        assertEquals(Set.of(), violations, tool + " returned what its outputSchema refuses: " + structured);
        (expectError ? failed : succeeded).add(tool);
        return structured;
    }

    private JsonNode ok(String tool, Map<String, Object> arguments) {
        return call(tool, arguments, false);
    }

    private JsonNode fails(String tool, Map<String, Object> arguments, String code) {
        JsonNode structured = call(tool, arguments, true);
        assertEquals(code, structured.get("error").get("code").asText(), structured.toString());
        return structured;
    }

    @Test
    void everyToolsResultsMatchItsOutputSchema() {
        // schema group
        ok("db_list_tables", Map.of("pattern", "outlab"));
        ok("db_list_tables", Map.of("include_system_tables", true, "limit", 3));
        ok("db_get_schema", Map.of("table", "outlab.items"));
        ok("db_get_schema", Map.of("table", "outlab.orders"));
        ok("db_get_schema", Map.of("table", "outlab.item_names"));
        ok("db_get_relationships", Map.of("table", "outlab.orders", "depth", 3));
        ok("db_list_table_columns", Map.of("table", "outlab.items"));
        ok("db_list_table_columns", Map.of("table", "outlab.orders", "include_metadata", true));

        ok("db_list_schemas", Map.of());
        ok("db_search_objects", Map.of("pattern", "items", "schema", "outlab"));
        ok("db_health", Map.of("session_seconds", 5));

        // caller SQL
        ok("db_execute_sql", Map.of("sql", "SELECT id, sku, qty FROM outlab.items WHERE qty >= $1 ORDER BY id",
                "params", List.of(1)));
        fails("db_execute_sql", Map.of("sql", "SELECT 1; DROP TABLE outlab.items"), "DB_400_VALIDATION");
        ok("db_explain", Map.of("sql", "SELECT * FROM outlab.items WHERE qty > $1", "params", List.of(1), "analyze", true));
        ok("db_explain", Map.of("query", Map.of("table", "outlab.items", "where", Map.of("qty", 2))));

        // query and insert groups
        ok("db_query_records", Map.of("table", "outlab.items", "limit", 1));
        ok("db_insert_record", Map.of("table", "outlab.items", "data", Map.of("sku", "n1", "name", "new", "qty", 1)));
        ok("db_insert_record", Map.of("table", "outlab.items", "data", Map.of("sku", "n1"), "on_conflict", "nothing"));
        fails("db_insert_record", Map.of("table", "outlab.items", "data", Map.of("sku", "n1")), "DB_409_CONFLICT");
        ok("db_update_records", Map.of("table", "outlab.items", "data", Map.of("qty", 5), "where", Map.of("sku", "n1")));
        fails("db_update_records", Map.of("table", "outlab.items", "data", Map.of("qty", -1), "where", Map.of("sku", "n1")),
                "DB_422_CONSTRAINT");
        ok("db_delete_records", Map.of("table", "outlab.items", "where", Map.of("sku", "n1"), "soft_delete", true));
        ok("db_delete_records", Map.of("table", "outlab.items", "where", Map.of("sku", "n1")));

        // batch group
        ok("db_batch_insert", Map.of("table", "outlab.items", "records",
                List.of(Map.of("sku", "b1", "qty", 1), Map.of("sku", "b2")), "return_records", false));
        ok("db_batch_insert", Map.of("table", "outlab.items", "records", List.of(Map.of("sku", "b3"))));
        ok("db_batch_update", Map.of("table", "outlab.items", "updates", List.of(
                Map.of("where", Map.of("sku", "b1"), "data", Map.of("qty", 7)),
                Map.of("where", Map.of("sku", "none"), "data", Map.of("qty", 1)))));
        ok("db_batch_delete", Map.of("table", "outlab.items", "conditions", List.of(Map.of("sku", "b1"),
                Map.of("sku", Map.of("$in", List.of("b2", "b3"))))));

        // audit tools
        ok("db_query_audit_logs", Map.of("limit", 5));
        ok("db_get_audit_summary", Map.of());
        ok("db_get_audit_summary", Map.of("table", "outlab.items"));

        // backup group
        String full = ok("db_backup_full", Map.of()).get("backup").asText();
        String table = ok("db_backup_table", Map.of("table", "outlab.items")).get("backup").asText();
        ok("db_backup_incremental", Map.of());
        String json = ok("db_export_json", Map.of("table", "outlab.items", "where", Map.of("qty", Map.of("$gte", 1))))
                .get("file").asText();
        String csv = ok("db_export_csv", Map.of("table", "outlab.items", "limit", 2)).get("file").asText();
        ok("db_import_json", Map.of("table", "outlab.items", "jsonFile", json, "onConflict", "skip", "dryRun", true));
        ok("db_import_csv", Map.of("table", "outlab.items", "csvFile", csv, "onConflict", "skip", "dryRun", true));
        ok("db_list_backups", Map.of());
        ok("db_validate_backup", Map.of("backupFile", full));
        ok("db_validate_backup", Map.of("backupFile", json));
        ok("db_restore_table", Map.of("backupFile", table, "table", "outlab.items", "onConflict", "skip", "dryRun", true));
        ok("db_restore_full", Map.of("backupFile", full, "tables", List.of("outlab.items"), "onConflict", "skip",
                "dryRun", true, "targetSchema", "outlab_copy"));
        ok("db_trust_backup", Map.of("backup_file", full));
        ok("db_trust_backup", Map.of("backup_file", full, "confirm", true));
        ok("db_delete_backup", Map.of("backupFile", table));
        fails("db_validate_backup", Map.of("backupFile", table), "DB_404_NOT_FOUND");
        fails("db_query_records", Map.of("table", "outlab.no_such_table"), "DB_404_NOT_FOUND");

        // Every tool refuses arguments that break its schema, as a result the model can act on.
        for (ToolDefinition tool : registry.all()) {
            JsonNode error = fails(tool.name(), Map.of("not_an_argument", 1), "DB_400_VALIDATION").get("error");
            assertTrue(error.get("violations").size() >= 1, error.toString());
        }

        Set<String> all = registry.all().stream().map(ToolDefinition::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(all, succeeded, "every tool was called successfully");
        assertEquals(all, failed, "every tool was called with a failure");
    }
}
