package com.dbadmin.security;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.Scope;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.Http;
import com.dbadmin.support.McpClients;
import com.dbadmin.support.SchemaSamples;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tools;
import com.dbadmin.tool.ToolInvoker;
import com.dbadmin.tool.ToolRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Restricted tables and the server's own schema are unreachable through every tool that takes a table
 * (each tool in the catalogue is called, with arguments its schema accepts), and read-only tables can
 * be read but not changed by any tool. Listings never mention restricted tables.
 */
class TablePolicyTest extends DatabaseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Not read-only tools (they write a file), but they only read the table: allowed on read-only tables. */
    private static final Set<String> READ_TABLE_WRITE_ELSEWHERE = Set.of("db_backup_table", "db_export_json",
            "db_export_csv");
    private static final List<String> UNREACHABLE = List.of("users", "USERS", "Users", "public.users", "\"users\"",
            "public.\"users\"", "PUBLIC.USERS", " users ", "auth_tokens", "public.auth_tokens", "system_config",
            "SYSTEM_CONFIG", "dbadmin.audit_log", "dbadmin.flyway_schema_history", "DbAdmin.Audit_Log");

    @Inject
    ToolInvoker invoker;
    @Inject
    ToolRegistry toolRegistry;
    @Inject
    CatalogCache tables;
    @Inject
    EmbeddedServer server;
    Tools admin;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("db-admin.policy.read-only-tables", "policylab.ledger");
    }

    @BeforeAll
    void setUp() {
        TestDatabase.execute("""
                DROP SCHEMA IF EXISTS policylab CASCADE;
                CREATE SCHEMA policylab;
                CREATE TABLE policylab.ledger (id int PRIMARY KEY, amount int);
                INSERT INTO policylab.ledger VALUES (1, 100), (2, 200);
                CREATE TABLE policylab.users (id int PRIMARY KEY);
                INSERT INTO policylab.users VALUES (1);
                CREATE TABLE policylab.posts (id int PRIMARY KEY,
                    owner_id int CONSTRAINT posts_owner_users_fk REFERENCES policylab.users (id));
                """);
        tables.refresh();
        admin = new Tools(invoker);
    }

    private List<ToolDefinition> toolsWithTable() {
        List<ToolDefinition> tools = toolRegistry.all().stream().filter(tool -> tool.tableArgument() != null).toList();
        assertTrue(tools.size() >= 4, "the catalogue's table tools: " + tools);
        return tools;
    }

    private ToolOutcome callWithTable(ToolDefinition tool, String table) {
        ObjectNode args = SchemaSamples.minimalArguments(tool.inputSchema());
        args.put(tool.tableArgument(), table);
        return invoker.invoke(tool.name(), args, com.dbadmin.call.CallContext.local("policy-test", com.dbadmin.call.Transport.REST));
    }

    /**
     * A restricted (or internal) table answers exactly like a table that does not exist: the same DB_404 and
     * the same message with the name as written, so no answer tells whether it exists.
     */
    @Test
    void restrictedAndInternalTablesAreUnreachableThroughEveryTableToolAndAnswerLikeUnknownOnes() {
        long users = TestDatabase.count("SELECT count(*) FROM users");
        for (ToolDefinition tool : toolsWithTable()) {
            // db_restore_table looks the name up in the backup file, where an unknown one is another error.
            ToolOutcome unknown = callWithTable(tool, "no_such_table_here");
            boolean looksUpTheDatabase = unknown.error().code() == ErrorCode.DB_404_NOT_FOUND;
            for (String table : UNREACHABLE) {
                ToolOutcome outcome = callWithTable(tool, table);
                assertFalse(outcome.success(), tool.name() + " reached " + table + ": " + outcome.result());
                assertEquals(ErrorCode.DB_404_NOT_FOUND, outcome.error().code(),
                        tool.name() + " on " + table + ": " + outcome.error().getMessage());
                assertEquals(CatalogCache.notFound(table).getMessage(), outcome.error().getMessage());
                if (looksUpTheDatabase) {
                    assertEquals(unknown.error().getMessage().replace("no_such_table_here", table), outcome.error().getMessage(),
                            tool.name() + " answers a restricted name like an unknown one");
                    assertEquals(unknown.error().details(), outcome.error().details());
                }
                String message = outcome.error().getMessage().toLowerCase(Locale.ROOT);
                assertFalse(message.contains("password_hash") || message.contains("select "), message);
            }
        }
        assertEquals(users, TestDatabase.count("SELECT count(*) FROM users"), "restricted rows untouched");
    }

    @Test
    void readOnlyTablesCanBeReadButNoToolChangesThem() {
        String before = ledger();
        int writers = 0;
        for (ToolDefinition tool : toolsWithTable()) {
            ToolOutcome outcome = callWithTable(tool, "policylab.ledger");
            if (tool.hints().readOnly() || READ_TABLE_WRITE_ELSEWHERE.contains(tool.name())) {
                assertTrue(outcome.success(), tool.name() + ": " + (outcome.error() == null ? "" : outcome.error().getMessage()));
            } else {
                writers++;
                assertFalse(outcome.success(), tool.name() + " changed a read-only table: " + outcome.result());
                assertEquals(ErrorCode.DB_403_ACCESS_DENIED, outcome.error().code(), tool.name());
                assertTrue(outcome.error().getMessage().contains("read-only"), outcome.error().getMessage());
            }
        }
        assertTrue(writers >= 3, "insert, update and delete at least");
        assertEquals(before, ledger());
    }

    @Test
    void listingsNeverMentionRestrictedTables() {
        for (ToolDefinition tool : toolRegistry.all()) {
            boolean listing = tool.tableArgument() == null && tool.hints().readOnly() && !tool.scope().equals(Scope.AUDIT)
                    && !tool.inputSchema().has("required");
            if (listing) {
                ObjectNode result = admin.ok(tool.name(), "{}");
                String text = result.toString().toLowerCase(Locale.ROOT);
                for (String name : List.of("\"users\"", "public.users", "auth_tokens", "system_config", "password_hash", "audit_log")) {
                    assertFalse(text.contains(name), tool.name() + " mentions " + name);
                }
            }
        }
        // The same holds on the wire: both transports answer a restricted table with DB_404 and no rows.
        JsonNode rest = Http.json(new Http(server.getURL()).post("/api/db/query", "{\"table\":\"users\"}"));
        assertEquals("DB_404_NOT_FOUND", rest.get("error").get("code").asText());
        McpSyncClient client = McpClients.http(server.getURL());
        try {
            client.initialize();
            McpSchema.CallToolResult mcp = client.callTool(new McpSchema.CallToolRequest("db_query_records", Map.of("table", "auth_tokens")));
            assertTrue(mcp.isError());
            assertEquals("DB_404_NOT_FOUND", JSON.valueToTree(mcp.structuredContent()).get("error").get("code").asText());
        } finally {
            client.close();
        }
    }

    private static String ledger() {
        try (var connection = TestDatabase.connect(); var statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT string_agg(id || '=' || amount, ',' ORDER BY id) FROM policylab.ledger")) {
            rs.next();
            return rs.getString(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void constraintErrorsNeverNameARestrictedTable() {
        ToolOutcome single = admin.fails(ErrorCode.DB_422_CONSTRAINT, "db_insert_record",
                "{\"table\":\"policylab.posts\",\"data\":{\"id\":1,\"owner_id\":999}}");
        assertHidesUsers(single);
        assertEquals("23503", single.error().details().get("sqlstate"), "still a foreign-key violation");

        ToolOutcome batch = admin.fails(ErrorCode.DB_422_CONSTRAINT, "db_batch_insert",
                "{\"table\":\"policylab.posts\",\"records\":[{\"id\":2,\"owner_id\":1},{\"id\":3,\"owner_id\":999}]}");
        assertHidesUsers(batch);
        assertTrue(batch.error().getMessage().startsWith("records[1]: "), batch.error().getMessage());
        assertEquals(1, batch.error().details().get("index"));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM policylab.posts"), "nothing was inserted");
    }

    private static void assertHidesUsers(ToolOutcome outcome) {
        String message = outcome.error().getMessage().toLowerCase(Locale.ROOT);
        assertFalse(message.contains("users") || message.contains("999"), message);
        assertFalse(String.valueOf(outcome.error().details()).contains("users"), outcome.error().details().toString());
    }
}
