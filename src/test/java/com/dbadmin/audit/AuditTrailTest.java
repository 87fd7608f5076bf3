package com.dbadmin.audit;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.Scope;
import com.dbadmin.call.Transport;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.Fixtures;
import com.dbadmin.support.Http;
import com.dbadmin.support.McpClients;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tools;
import com.dbadmin.tool.ToolInvoker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One audit row for every kind of call (successful read, change with before/after images, failure,
 * denial, invalid arguments, unknown tool) on every transport, secrets redacted; the audit tools that
 * read them back; retention.
 */
class AuditTrailTest extends DatabaseTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ToolInvoker invoker;
    @Inject
    CatalogCache catalog;
    @Inject
    AuditWriter writer;
    @Inject
    AuditRetention retention;
    @Inject
    EmbeddedServer server;

    @BeforeAll
    void setUp() {
        Fixtures.load("auditlab.sql");
        catalog.refresh();
    }

    /** A caller of its own, so each test finds exactly its rows. */
    private static CallContext caller(String... scopes) {
        return new CallContext("audit-" + UUID.randomUUID(), Set.of(scopes.length == 0 ? new String[]{Scope.ADMIN} : scopes),
                true, Transport.REST, "192.0.2.10", "audit-test/1.0", null);
    }

    private List<Map<String, Object>> rowsOf(String userId) throws Exception {
        assertTrue(writer.awaitWritten(Duration.ofSeconds(20)), "audit writer drained");
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection connection = TestDatabase.connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT * FROM dbadmin.audit_log WHERE user_id = ? ORDER BY id")) {
            statement.setString(1, userId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static JsonNode json(Object value) throws Exception {
        return value == null ? null : JSON.readTree(value.toString());
    }

    @Test
    void successfulReadIsAuditedWithCallerAndClient() throws Exception {
        CallContext caller = caller();
        new Tools(invoker, caller).ok("db_query_records", "{\"table\":\"books\",\"limit\":3}");
        List<Map<String, Object>> rows = rowsOf(caller.principal());
        assertEquals(1, rows.size());
        Map<String, Object> row = rows.get(0);
        assertEquals("db_query_records", row.get("operation"));
        assertEquals("public.books", row.get("table_name"));
        assertEquals(true, row.get("success"));
        assertEquals(3L, row.get("row_count"));
        assertEquals("rest", row.get("transport"));
        assertEquals("192.0.2.10", row.get("client_address"));
        assertEquals("audit-test/1.0", row.get("user_agent"));
        assertEquals(caller.requestId(), row.get("request_id"));
        assertEquals(true, row.get("authenticated"));
        assertNull(row.get("error_code"));
        assertNull(row.get("before_data"));
        assertTrue((Long) row.get("duration_ms") >= 0);
        assertNotNull(row.get("timestamp"));
    }

    @Test
    void httpCallsRecordTheirTransportAddressAgentAndRequestId() throws Exception {
        String requestId = "req-" + UUID.randomUUID();
        Http http = new Http(server.getURL());
        assertEquals(200, http.post("/api/db/query", "{\"table\":\"books\",\"limit\":1}",
                "User-Agent", "rest-audit-agent/2.0", "X-Request-Id", requestId).statusCode());
        McpSyncClient client = McpClients.http(server.getURL(), b -> b.header("X-Request-Id", requestId));
        try {
            client.initialize();
            client.callTool(new McpSchema.CallToolRequest("db_query_records", Map.of("table", "authors", "limit", 1)));
            // The SDK answers unknown tools itself; the call is still audited.
            assertThrows(io.modelcontextprotocol.spec.McpError.class,
                    () -> client.callTool(new McpSchema.CallToolRequest("db_mcp_no_such_tool", Map.of())));
        } finally {
            client.close();
        }
        assertTrue(writer.awaitWritten(Duration.ofSeconds(20)));
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection connection = TestDatabase.connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT transport, client_address, user_agent, user_id, coalesce(table_name, ''), operation, coalesce(error_code, '')"
                             + " FROM dbadmin.audit_log WHERE request_id = ? ORDER BY id")) {
            statement.setString(1, requestId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(Map.of("transport", rs.getString(1), "address", rs.getString(2), "agent", String.valueOf(rs.getString(3)),
                            "user", rs.getString(4), "table", rs.getString(5), "operation", rs.getString(6), "error", rs.getString(7)));
                }
            }
        }
        assertEquals(3, rows.size(), rows.toString());
        assertEquals("rest", rows.get(0).get("transport"));
        assertEquals("127.0.0.1", rows.get(0).get("address"));
        assertEquals("rest-audit-agent/2.0", rows.get(0).get("agent"));
        assertEquals("anonymous", rows.get(0).get("user"));
        assertEquals("mcp_http", rows.get(1).get("transport"));
        assertEquals("public.authors", rows.get(1).get("table"));
        assertEquals("db_mcp_no_such_tool", rows.get(2).get("operation"));
        assertEquals("mcp_http", rows.get(2).get("transport"));
        assertEquals("DB_404_NOT_FOUND", rows.get(2).get("error"));
    }

    @Test
    void changesCarryIdsAndBeforeAfterImagesWithSecretsRedacted() throws Exception {
        CallContext caller = caller();
        Tools tools = new Tools(invoker, caller);
        ObjectNode inserted = tools.ok("db_insert_record",
                "{\"table\":\"auditlab.accounts\",\"data\":{\"login\":\"cy\",\"password\":\"cy-pass-secret\",\"api_token\":\"tok-cy-secret\",\"note\":\"n\"}}");
        long id = inserted.get("record").get("id").asLong();
        // Written in the call's own transaction: present the moment the call returns, without waiting.
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM dbadmin.audit_log WHERE user_id = '" + caller.principal()
                + "' AND operation = 'db_insert_record'"));
        tools.ok("db_update_records", "{\"table\":\"auditlab.accounts\",\"data\":{\"note\":\"changed\",\"password\":\"new-pass-secret\"},"
                + "\"where\":{\"login\":\"ada\"}}");
        tools.ok("db_delete_records", "{\"table\":\"auditlab.accounts\",\"where\":{\"id\":" + id + "}}");

        List<Map<String, Object>> rows = rowsOf(caller.principal());
        assertEquals(List.of("db_insert_record", "db_update_records", "db_delete_records"),
                rows.stream().map(row -> row.get("operation")).toList());

        Map<String, Object> insert = rows.get(0);
        assertEquals("auditlab.accounts", insert.get("table_name"));
        assertEquals(JSON.readTree("[" + id + "]"), json(insert.get("affected_ids")));
        assertNull(insert.get("before_data"));
        JsonNode after = json(insert.get("after_data")).get(0);
        assertEquals("cy", after.get("login").asText());
        assertEquals("****", after.get("password").asText());
        assertEquals("****", after.get("api_token").asText());
        assertEquals(1L, insert.get("row_count"));

        Map<String, Object> update = rows.get(1);
        JsonNode before = json(update.get("before_data")).get(0);
        JsonNode afterUpdate = json(update.get("after_data")).get(0);
        assertEquals("first", before.get("note").asText());
        assertEquals("changed", afterUpdate.get("note").asText());
        assertEquals("****", before.get("password").asText());
        assertEquals("****", afterUpdate.get("password").asText());
        assertEquals(1L, update.get("row_count"));

        Map<String, Object> delete = rows.get(2);
        assertEquals("cy", json(delete.get("before_data")).get(0).get("login").asText());
        assertNull(delete.get("after_data"));
        assertEquals(JSON.readTree("[" + id + "]"), json(delete.get("affected_ids")));

        for (String secret : List.of("hunter2-secret", "cy-pass-secret", "tok-cy-secret", "new-pass-secret", "tok-ada-very-secret")) {
            assertEquals(0, TestDatabase.count("SELECT count(*) FROM dbadmin.audit_log a WHERE a::text LIKE '%" + secret + "%'"),
                    secret + " must not be in the audit log");
        }
    }

    @Test
    void failuresDenialsInvalidArgumentsAndUnknownToolsAreAudited() throws Exception {
        CallContext admin = caller();
        Tools tools = new Tools(invoker, admin);
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_query_records", "{\"table\":\"no_such_table\"}");
        tools.fails(ErrorCode.DB_409_CONFLICT, "db_insert_record", "{\"table\":\"auditlab.accounts\",\"data\":{\"login\":\"bob\"}}");
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_query_records", "{\"table\":\"users\"}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_query_records", "{\"table\":42}");
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_not_a_tool", "{}");

        List<Map<String, Object>> rows = rowsOf(admin.principal());
        assertEquals(5, rows.size(), rows.toString());
        assertEquals(List.of("DB_404_NOT_FOUND", "DB_409_CONFLICT", "DB_404_NOT_FOUND", "DB_400_VALIDATION", "DB_404_NOT_FOUND"),
                rows.stream().map(row -> row.get("error_code")).toList());
        assertEquals(List.of("db_query_records", "db_insert_record", "db_query_records", "db_query_records", "db_not_a_tool"),
                rows.stream().map(row -> row.get("operation")).toList());
        rows.forEach(row -> assertEquals(false, row.get("success")));
        assertEquals("no_such_table", rows.get(0).get("table_name"));
        assertEquals("auditlab.accounts", rows.get(1).get("table_name"));
        assertNull(rows.get(1).get("after_data"), "a failed change records no images");
        assertEquals("users", rows.get(2).get("table_name"), "the attempt on a restricted table is recorded");
        assertTrue(rows.get(3).get("error_message").toString().contains("Invalid arguments"));

        CallContext reader = caller(Scope.READ);
        new Tools(invoker, reader).fails(ErrorCode.DB_403_ACCESS_DENIED, "db_delete_records",
                "{\"table\":\"auditlab.accounts\",\"where\":{\"id\":1}}");
        List<Map<String, Object>> denied = rowsOf(reader.principal());
        assertEquals(1, denied.size());
        assertEquals("DB_403_ACCESS_DENIED", denied.get(0).get("error_code"));
        assertTrue(denied.get(0).get("error_message").toString().contains("db:write"));
    }

    @Test
    void auditToolsFilterAndPageTheTrail() throws Exception {
        CallContext caller = caller();
        Tools tools = new Tools(invoker, caller);
        for (int i = 0; i < 4; i++) {
            tools.ok("db_query_records", "{\"table\":\"books\",\"limit\":1}");
        }
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_query_records", "{\"table\":\"missing_for_audit\"}");
        assertTrue(writer.awaitWritten(Duration.ofSeconds(20)));

        Tools auditor = new Tools(invoker, caller(Scope.AUDIT));
        String user = "\"user_id\":\"" + caller.principal() + "\"";
        ObjectNode all = auditor.ok("db_query_audit_logs", "{" + user + "}");
        assertEquals(5, all.get("count").asInt());
        assertEquals("missing_for_audit", all.get("logs").get(0).get("table_name").asText(), "newest first");
        ObjectNode failures = auditor.ok("db_query_audit_logs", "{" + user + ",\"success\":false}");
        assertEquals(1, failures.get("count").asInt());
        assertEquals("DB_404_NOT_FOUND", failures.get("logs").get(0).get("error_code").asText());
        assertEquals(4, auditor.ok("db_query_audit_logs", "{" + user + ",\"table\":\"public.books\",\"operation\":\"db_query_records\"}")
                .get("count").asInt());
        ObjectNode page = auditor.ok("db_query_audit_logs", "{" + user + ",\"limit\":2,\"offset\":2}");
        assertEquals(2, page.get("count").asInt());
        assertEquals(5, page.get("total_count").asInt());
        assertTrue(page.get("has_more").asBoolean());
        assertEquals(0, auditor.ok("db_query_audit_logs", "{" + user + ",\"start_date\":\"" + Instant.now().plusSeconds(3600) + "\"}")
                .get("count").asInt());
        assertEquals(5, auditor.ok("db_query_audit_logs", "{" + user + ",\"start_date\":\""
                + java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1) + "\",\"end_date\":\""
                + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "\"}").get("count").asInt(), "whole-day dates");
        auditor.fails(ErrorCode.DB_400_VALIDATION, "db_query_audit_logs", "{\"start_date\":\"yesterday\"}");
        auditor.fails(ErrorCode.DB_400_VALIDATION, "db_query_audit_logs",
                "{\"start_date\":\"2024-02-01\",\"end_date\":\"2024-01-01\"}");
    }

    @Test
    void auditSummaryReportsTotalsRatesUsersAndDurations() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        Tools first = new Tools(invoker, caller());
        Tools second = new Tools(invoker, caller());
        first.ok("db_insert_record", "{\"table\":\"auditlab.summary_target\",\"data\":{\"label\":\"a\"}}");
        first.ok("db_insert_record", "{\"table\":\"auditlab.summary_target\",\"data\":{\"label\":\"b\"}}");
        second.fails(ErrorCode.DB_409_CONFLICT, "db_insert_record", "{\"table\":\"auditlab.summary_target\",\"data\":{\"label\":\"a\"}}");
        second.ok("db_query_records", "{\"table\":\"auditlab.summary_target\"}");
        assertTrue(writer.awaitWritten(Duration.ofSeconds(20)));

        ObjectNode summary = new Tools(invoker, caller(Scope.AUDIT)).ok("db_get_audit_summary",
                "{\"table\":\"auditlab.summary_target\",\"start_date\":\"" + start + "\"}");
        assertEquals(4, summary.get("total_operations").asInt());
        assertEquals(3, summary.get("successful_operations").asInt());
        assertEquals(1, summary.get("failed_operations").asInt());
        assertEquals(75.0, summary.get("success_rate").asDouble());
        assertEquals(2, summary.get("unique_users").asInt());
        assertTrue(summary.get("average_duration_ms").asDouble() >= 0);
        assertTrue(summary.get("max_duration_ms").asLong() >= summary.get("average_duration_ms").asDouble());
        JsonNode insert = summary.get("by_operation").get("db_insert_record");
        assertEquals(3, insert.get("count").asInt());
        assertEquals(1, insert.get("failures").asInt());
        assertEquals(1, summary.get("by_operation").get("db_query_records").get("count").asInt());
        assertEquals(4, summary.get("by_table").get("auditlab.summary_target").get("count").asInt());
        assertEquals(1, summary.get("by_table").size());
    }

    @Test
    void theAuditTableIsReachableOnlyThroughTheAuditToolsWithTheirScope() {
        Tools admin = new Tools(invoker, caller());
        for (String table : List.of("dbadmin.audit_log", "DBADMIN.AUDIT_LOG", "\"dbadmin\".\"audit_log\"", "dbadmin.flyway_schema_history")) {
            admin.fails(ErrorCode.DB_404_NOT_FOUND, "db_query_records", "{\"table\":" + JSON.valueToTree(table) + "}");
            admin.fails(ErrorCode.DB_404_NOT_FOUND, "db_insert_record", "{\"table\":" + JSON.valueToTree(table) + ",\"data\":{\"operation\":\"x\"}}");
            admin.fails(ErrorCode.DB_404_NOT_FOUND, "db_delete_records", "{\"table\":" + JSON.valueToTree(table) + ",\"where\":{\"id\":1}}");
        }
        Tools reader = new Tools(invoker, caller(Scope.READ, Scope.WRITE));
        reader.fails(ErrorCode.DB_403_ACCESS_DENIED, "db_query_audit_logs", "{}");
        reader.fails(ErrorCode.DB_403_ACCESS_DENIED, "db_get_audit_summary", "{}");
    }

    @Test
    void retentionPurgesOnlyRowsOlderThanTheRetentionPeriod() throws Exception {
        String user = "retention-" + UUID.randomUUID();
        TestDatabase.execute("INSERT INTO dbadmin.audit_log (\"timestamp\", user_id, authenticated, transport, operation, duration_ms, success)"
                + " VALUES (now() - interval '120 days', '" + user + "', true, 'rest', 'db_query_records', 1, true),"
                + " (now() - interval '10 days', '" + user + "', true, 'rest', 'db_query_records', 1, true)");
        assertTrue(retention.purge(Instant.now()) >= 1);
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM dbadmin.audit_log WHERE user_id = '" + user + "'"));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM dbadmin.audit_log WHERE \"timestamp\" < now() - interval '90 days'"));
    }
}
