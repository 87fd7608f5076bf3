package com.dbadmin.security;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.Scope;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.support.Http;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tokens;
import com.dbadmin.tool.ToolRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The operator's switches: DB_ADMIN_READ_ONLY (every caller, even an administrator's token, keeps only the
 * read scopes; tools that change anything are listed nowhere and refused by name), DB_ADMIN_LOCAL_SCOPES
 * (what unauthenticated loopback and stdio callers may do) and DB_ADMIN_TOOL_GROUPS (which groups exist).
 */
class AccessSwitchesTest {

    private static EmbeddedServer start(Map<String, String> extra) {
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties());
        properties.putAll(extra);
        return ApplicationContext.run(EmbeddedServer.class, properties, "test");
    }

    private static Set<String> names(JsonNode tools) {
        Set<String> names = new TreeSet<>();
        tools.forEach(tool -> names.add(tool.get("name").asText()));
        return names;
    }

    @Test
    void readOnlyListsAndAllowsOnlyReadToolsForEveryCallerOnEveryTransport() {
        try (EmbeddedServer server = start(Map.of("db-admin.access.read-only", "true",
                "db-admin.auth.jwt-secret", Tokens.SECRET, "db-admin.auth.issuer", Tokens.ISSUER,
                "db-admin.auth.audience", Tokens.AUDIENCE))) {
            ToolRegistry registry = server.getApplicationContext().getBean(ToolRegistry.class);
            assertFalse(registry.all().isEmpty());
            for (ToolDefinition tool : registry.all()) {
                assertTrue(tool.hints().readOnly(), tool.name() + " is listed on a read-only server");
            }
            assertTrue(registry.find("db_query_records").isPresent());
            assertTrue(registry.find("db_insert_record").isEmpty());
            assertTrue(registry.find("db_backup_full").isEmpty());

            Http http = new Http(server.getURL());
            String[] admin = Http.bearer(Tokens.hs256("ops", Scope.ADMIN));
            Set<String> expected = new TreeSet<>(registry.all().stream().map(ToolDefinition::name).toList());
            assertEquals(expected, names(Http.json(http.get("/api/tools", admin)).get("tools")), "REST catalogue");
            assertEquals(expected, names(Http.json(http.mcp("tools/list", "{}", admin)).at("/result/tools")), "MCP tools/list");
            JsonNode openapi = Http.json(http.get("/openapi.json"));
            openapi.get("paths").fieldNames().forEachRemaining(path -> assertFalse(
                    path.contains("insert") || path.contains("update") || path.contains("delete")
                            || path.contains("restore") || path.contains("backup_"), "OpenAPI lists " + path));

            HttpResponse<String> insert = http.post("/api/tools/db_insert_record",
                    "{\"table\":\"authors\",\"data\":{\"name\":\"Nope\"}}", admin);
            assertEquals(403, insert.statusCode(), insert.body());
            assertEquals("DB_403_ACCESS_DENIED", Http.json(insert).get("code").asText());
            assertTrue(Http.json(insert).get("detail").asText().contains("DB_ADMIN_READ_ONLY"), insert.body());
            JsonNode mcpInsert = Http.json(http.mcp("tools/call",
                    "{\"name\":\"db_delete_records\",\"arguments\":{\"table\":\"authors\",\"where\":{\"id\":1}}}", admin));
            assertTrue(mcpInsert.toString().contains("DB_ADMIN_READ_ONLY"), mcpInsert.toString());
            assertEquals(200, http.post("/api/db/query", "{\"table\":\"authors\",\"limit\":1}", admin).statusCode());

            CallContext stdio = server.getApplicationContext().getBean(StdioCallerResolver.class).resolve("client/1");
            assertEquals(Set.of(Scope.READ, Scope.SQL, Scope.AUDIT, Scope.BACKUP), stdio.scopes(), "stdio callers are capped too");
        }
    }

    @Test
    void localScopesAndToolGroupsLimitUnauthenticatedCallers() {
        try (EmbeddedServer server = start(Map.of("db-admin.access.local-scopes", "db:read,db:audit",
                "db-admin.access.tool-groups", "query,schema"))) {
            Http http = new Http(server.getURL());
            Set<String> listed = names(Http.json(http.get("/api/tools")).get("tools"));
            assertTrue(listed.contains("db_query_records") && listed.contains("db_get_schema")
                    && listed.contains("db_query_audit_logs"), listed.toString());
            assertFalse(listed.stream().anyMatch(name -> name.contains("backup") || name.contains("insert")
                    || name.contains("batch")), listed.toString());

            HttpResponse<String> backup = http.post("/api/tools/db_backup_full", "{}");
            assertEquals(403, backup.statusCode(), backup.body());
            assertTrue(Http.json(backup).get("detail").asText().contains("DB_ADMIN_TOOL_GROUPS"), backup.body());

            ToolRegistry registry = server.getApplicationContext().getBean(ToolRegistry.class);
            assertTrue(registry.find("db_insert_record").isEmpty(), "insert group is off");
            HttpResponse<String> query = http.post("/api/db/query", "{\"table\":\"authors\",\"limit\":1}");
            assertEquals(200, query.statusCode(), query.body());

            CallContext stdio = server.getApplicationContext().getBean(StdioCallerResolver.class).resolve(null);
            assertEquals(Set.of(Scope.READ, Scope.AUDIT), stdio.scopes());
        }
        try (EmbeddedServer server = start(Map.of("db-admin.access.local-scopes", "db:read"))) {
            Http http = new Http(server.getURL());
            HttpResponse<String> insert = http.post("/api/tools/db_insert_record",
                    "{\"table\":\"authors\",\"data\":{\"name\":\"Nope\"}}");
            assertEquals(403, insert.statusCode(), insert.body());
            assertTrue(Http.json(insert).get("detail").asText().contains("db:write"), insert.body());
            assertFalse(names(Http.json(http.get("/api/tools")).get("tools")).contains("db_insert_record"),
                    "a tool the local caller may not call is not listed for it");
        }
    }

    @Test
    void unknownScopesAndGroupsStopStartUp() {
        Exception scope = assertThrows(Exception.class, () -> start(Map.of("db-admin.access.local-scopes", "db:everything")).close());
        assertTrue(messages(scope).contains("DB_ADMIN_LOCAL_SCOPES"), messages(scope));
        Exception group = assertThrows(Exception.class, () -> start(Map.of("db-admin.access.tool-groups", "query,sql-magic")).close());
        assertTrue(messages(group).contains("DB_ADMIN_TOOL_GROUPS"), messages(group));
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            all.append(cause.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
