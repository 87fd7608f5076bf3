package com.dbadmin.security;

import com.dbadmin.audit.AuditWriter;
import com.dbadmin.call.CallContext;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.Scope;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.call.Transport;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.McpClients;
import com.dbadmin.support.RawHttp;
import com.dbadmin.support.SchemaSamples;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.tool.ToolInvoker;
import com.dbadmin.tool.ToolRegistry;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The attack suite: generated cases (every tool x every attackable argument x payload family) sent
 * through every transport that runs in-process: the invoker, REST over HTTP and MCP over HTTP with the
 * MCP Java SDK client. Families: non-object arguments, nesting hundreds of levels deep, integers beyond
 * every range, numeric-looking strings for numeric columns, hostile text (NUL, lone surrogates, regex
 * bombs, megabyte values), restricted names reached every way (by name, through views and parents),
 * constant filters on writes, and bodies that are not JSON or not UTF-8. Whatever the input: never a
 * 5xx or DB_500, never a stack trace, never a restricted row, never an unaudited call, and the family's
 * own answer (DB_400, DB_404...).
 */
class AttackSuiteTest extends DatabaseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String TABLE = "attacklab.victim";
    private static final String SECRET = "CROWN-JEWELS";
    private static final Set<ErrorCode> CLIENT_ERRORS = EnumSet.of(ErrorCode.DB_400_VALIDATION,
            ErrorCode.DB_404_NOT_FOUND, ErrorCode.DB_409_CONFLICT, ErrorCode.DB_413_TOO_LARGE, ErrorCode.DB_422_CONSTRAINT,
            ErrorCode.DB_403_ACCESS_DENIED);

    @Inject
    EmbeddedServer server;
    @Inject
    ToolInvoker invoker;
    @Inject
    ToolRegistry toolRegistry;
    @Inject
    CatalogCache catalog;
    @Inject
    AuditWriter audit;

    /**
     * One attack: arguments (JSON text, or raw bytes for REST only), the codes it may end with, and whether
     * success is acceptable (the input was harmless after all, as "NaN" is for a numeric column).
     */
    record Case(String family, String tool, String where, String arguments, byte[] rawBody, Set<ErrorCode> allowed,
                boolean mayPass) {
        String label() {
            String shown = arguments == null ? "<raw bytes>" : arguments.length() > 160 ? arguments.substring(0, 160) + "..." : arguments;
            return family + " | " + tool + " | " + where + " | " + shown;
        }
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("db-admin.policy.restricted-tables",
                "users,auth_tokens,system_config,attacklab.secrets,attacklab.secret_docs");
    }

    @BeforeAll
    void setUp() {
        TestDatabase.execute("""
                DROP SCHEMA IF EXISTS attacklab CASCADE;
                CREATE SCHEMA attacklab;
                CREATE TABLE attacklab.victim (id int PRIMARY KEY, name text, n int, amount numeric(12,2), f float8,
                                               doc jsonb, tags text[], deleted_at timestamptz);
                INSERT INTO attacklab.victim SELECT g, 'v' || g, g, g * 1.5, g / 3.0, jsonb_build_object('k', g),
                                                    ARRAY['t' || g], NULL FROM generate_series(1, 20) g;
                CREATE TABLE attacklab.secrets (id int PRIMARY KEY, value text);
                INSERT INTO attacklab.secrets VALUES (1, 'CROWN-JEWELS');
                CREATE VIEW attacklab.secret_view AS SELECT * FROM attacklab.secrets;
                CREATE TABLE attacklab.docs (id int, body text);
                CREATE TABLE attacklab.secret_docs () INHERITS (attacklab.docs);
                INSERT INTO attacklab.docs VALUES (1, 'public');
                INSERT INTO attacklab.secret_docs VALUES (2, 'CROWN-JEWELS');
                """);
        catalog.refresh();
    }

    // ------------------------------------------------------------------------------------------------
    // Case generation
    // ------------------------------------------------------------------------------------------------

    private ObjectNode base(ToolDefinition tool) {
        ObjectNode args = SchemaSamples.minimalArguments(tool.inputSchema());
        if (tool.tableArgument() != null) {
            args.put(tool.tableArgument(), TABLE);
        }
        return args;
    }

    private static Iterable<Map.Entry<String, JsonNode>> properties(ToolDefinition tool) {
        List<Map.Entry<String, JsonNode>> list = new ArrayList<>();
        tool.inputSchema().path("properties").fields().forEachRemaining(list::add);
        return list;
    }

    static JsonNode deep(int levels, Function<JsonNode, JsonNode> wrap, JsonNode leaf) {
        JsonNode node = leaf;
        for (int i = 0; i < levels; i++) {
            node = wrap.apply(node);
        }
        return node;
    }

    List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        Set<ErrorCode> invalid = EnumSet.of(ErrorCode.DB_400_VALIDATION);
        for (ToolDefinition tool : toolRegistry.all()) {
            // Non-object arguments.
            for (String arguments : List.of("[1,2]", "\"text\"", "42", "true", "[]", "[{\"table\":\"" + TABLE + "\"}]")) {
                cases.add(new Case("non-object", tool.name(), "arguments", arguments, null, invalid, false));
            }
            for (Map.Entry<String, JsonNode> property : properties(tool)) {
                String name = property.getKey();
                String type = property.getValue().path("type").asText("");
                // Nesting hundreds of levels deep, in every argument (an $eq chain where filters are taken).
                JsonNode eqChain = deep(900, inner -> F.objectNode().set("$eq", inner), F.textNode("x"));
                JsonNode arrays = deep(900, inner -> F.arrayNode().add(inner), F.numberNode(1));
                for (JsonNode nested : List.of(eqChain, arrays, F.objectNode().set("doc", eqChain))) {
                    ObjectNode args = base(tool);
                    args.set(name, nested);
                    cases.add(new Case("deep-nesting", tool.name(), name, args.toString(), null, invalid, false));
                }
                // Integers beyond every range, and non-integers, wherever an integer is taken.
                if (type.equals("integer")) {
                    for (String number : List.of("2147483648", "9223372036854775808", "-9223372036854775809",
                            "1e30", "1e400", "-1", "1.5", "2147483647")) {
                        String args = base(tool).put(name, 0).toString().replace("\"" + name + "\":0", "\"" + name + "\":" + number);
                        boolean fits = number.equals("2147483647");
                        cases.add(new Case("huge-number", tool.name(), name, args, null, CLIENT_ERRORS, fits));
                    }
                }
                // Hostile text in every free-text argument.
                if (type.equals("string") && !property.getValue().has("enum")) {
                    for (String text : hostileTexts()) {
                        ObjectNode args = base(tool);
                        args.put(name, text);
                        cases.add(new Case("hostile-text", tool.name(), name, args.toString(), null, CLIENT_ERRORS, true));
                    }
                }
            }
            // Hidden relations by every name form and through views and parents-with-ONLY.
            if (tool.tableArgument() != null) {
                for (String hidden : List.of("attacklab.secrets", "ATTACKLAB.SECRETS", "attacklab.\"secrets\"",
                        "\"attacklab\".\"secrets\"", " attacklab.secrets ", "attacklab.secret_view", "attacklab.secret_docs",
                        "users", "dbadmin.audit_log")) {
                    ObjectNode args = base(tool);
                    args.put(tool.tableArgument(), hidden);
                    cases.add(new Case("hidden-table", tool.name(), tool.tableArgument(), args.toString(), null,
                            EnumSet.of(ErrorCode.DB_404_NOT_FOUND, ErrorCode.DB_400_VALIDATION), false));
                }
            }
        }
        // Numeric-looking strings for numeric columns, written and compared.
        for (String column : List.of("n", "amount", "f")) {
            for (String text : List.of("NaN", "Infinity", "-Infinity", "1e999", "0x1F", "１２", "", " 5 ", "5e-400", "--1")) {
                String value = JSON.valueToTree(text).toString();
                cases.add(new Case("numeric-string", "db_insert_record", column, "{\"table\":\"" + TABLE
                        + "\",\"data\":{\"id\":" + (1000 + cases.size()) + ",\"" + column + "\":" + value + "}}", null, CLIENT_ERRORS, true));
                cases.add(new Case("numeric-string", "db_query_records", column, "{\"table\":\"" + TABLE
                        + "\",\"where\":{\"" + column + "\":{\"$gte\":" + value + "}}}", null, CLIENT_ERRORS, true));
                cases.add(new Case("numeric-string", "db_update_records", column, "{\"table\":\"" + TABLE
                        + "\",\"data\":{\"" + column + "\":" + value + "},\"where\":{\"id\":999999}}", null, CLIENT_ERRORS, true));
            }
        }
        // Filters that compile to a constant on every write.
        for (String filter : com.dbadmin.tool.WriteFilterTestAccess.constantFilters()) {
            for (String[] call : com.dbadmin.tool.WriteFilterTestAccess.writesWith(filter, TABLE)) {
                cases.add(new Case("constant-filter", call[0], "where", call[1], null, invalid, false));
            }
        }
        // Bodies that are not JSON, or not UTF-8 (REST reads raw bytes; other transports parse before us).
        for (ToolDefinition tool : toolRegistry.all()) {
            for (byte[] body : List.of(new byte[]{'{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                    new byte[]{(byte) 0xFF, (byte) 0xFE, '{', '}'}, "{\"table\":".getBytes(StandardCharsets.UTF_8),
                    "{'table':'x'}".getBytes(StandardCharsets.UTF_8), "[".repeat(5000).getBytes(StandardCharsets.UTF_8))) {
                cases.add(new Case("unreadable-body", tool.name(), "body", null, body, invalid, false));
            }
        }
        return cases;
    }

    private static List<String> hostileTexts() {
        return List.of("nul\u0000byte", "lone \ud800 surrogate", "a.".repeat(4000) + "key", "%".repeat(11) + "b",
                "x".repeat(100_000), "' OR '1'='1", "\u202e\u0007\u001b[31m", "attacklab.secrets");
    }

    // ------------------------------------------------------------------------------------------------
    // The three transports
    // ------------------------------------------------------------------------------------------------

    /** What a transport answered: the code (null on success), the HTTP status where there is one, the text. */
    record Answer(ErrorCode code, int status, String text) {
    }

    private Answer viaInvoker(Case attack, String requestId) {
        CallContext caller = new CallContext("attack-suite", Set.of(Scope.ADMIN), false, Transport.REST, "127.0.0.1",
                "attack-suite", requestId);
        ToolOutcome outcome = attack.arguments() == null
                ? invoker.invokeUnreadable(attack.tool(), "raw bytes", caller)
                : invoker.invoke(attack.tool(), parse(attack.arguments()), caller);
        return new Answer(outcome.success() ? null : outcome.error().code(), 0,
                outcome.success() ? outcome.result().toString() : outcome.error().getMessage() + outcome.error().details());
    }

    private Answer viaRest(RawHttp http, Case attack, String requestId) {
        byte[] body = attack.rawBody() != null ? attack.rawBody() : attack.arguments().getBytes(StandardCharsets.UTF_8);
        RawHttp.Response response = http.send("POST", "/api/tools/" + attack.tool(), body,
                "Content-Type", "application/json", "X-Request-Id", requestId);
        ErrorCode code = null;
        if (response.status() != 200) {
            JsonNode error = parse(response.body()).path("error");
            code = error.has("code") ? ErrorCode.valueOf(error.get("code").asText()) : null;
            assertNotNull(code, attack.label() + ": no error code in " + response.body());
        }
        return new Answer(code, response.status(), response.body());
    }

    private Answer viaMcp(McpSyncClient client, Case attack) {
        Map<String, Object> arguments = JSON.convertValue(parse(attack.arguments()), new TypeReference<>() {
        });
        try {
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(attack.tool(), arguments));
            JsonNode body = JSON.valueToTree(result.structuredContent());
            ErrorCode code = Boolean.TRUE.equals(result.isError())
                    ? ErrorCode.valueOf(body.path("error").path("code").asText()) : null;
            return new Answer(code, 200, body.toString());
        } catch (McpError error) {
            // Arguments that break the schema are a JSON-RPC error (-32602): the caller's request, refused.
            assertEquals(McpSchema.ErrorCodes.INVALID_PARAMS, error.getJsonRpcError().code(), attack.label());
            return new Answer(ErrorCode.DB_400_VALIDATION, 200, String.valueOf(error.getMessage()));
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(text, e);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // The run
    // ------------------------------------------------------------------------------------------------

    @Test
    void noAttackOnAnyTransportGetsA5xxAStackTraceARestrictedRowOrGoesUnaudited() throws Exception {
        List<Case> cases = cases();
        Map<String, Integer> byFamily = new TreeMap<>();
        cases.forEach(attack -> byFamily.merge(attack.family(), 1, Integer::sum));
        assertTrue(cases.size() >= 500, "cases: " + cases.size() + " " + byFamily);
        assertTrue(byFamily.keySet().containsAll(List.of("non-object", "deep-nesting", "huge-number", "hostile-text",
                "hidden-table", "numeric-string", "constant-filter", "unreadable-body")), byFamily.toString());
        String victimBefore = victim();
        long secretsBefore = TestDatabase.count("SELECT count(*) FROM attacklab.secrets");

        RawHttp http = new RawHttp(server.getURL());
        McpSyncClient mcp = McpClients.http(server.getURL());
        assertTrue(audit.awaitWritten(Duration.ofSeconds(60)));
        long mcpRowsBefore = TestDatabase.count("SELECT count(*) FROM dbadmin.audit_log WHERE transport = 'mcp_http'");
        int mcpCalls = 0;
        List<String> requestIds = new ArrayList<>();
        Map<String, Integer> perTransport = new TreeMap<>();
        long started = System.nanoTime();
        try {
            mcp.initialize();
            int index = 0;
            for (Case attack : cases) {
                String id = "attack-" + (index++);
                check(attack, "invoker", viaInvoker(attack, id + "-i"));
                requestIds.add(id + "-i");
                check(attack, "rest", viaRest(http, attack, id + "-r"));
                requestIds.add(id + "-r");
                perTransport.merge("invoker", 1, Integer::sum);
                perTransport.merge("rest", 1, Integer::sum);
                // The SDK client sends objects only (it has no way to send [1,2] or raw bytes).
                if (attack.arguments() != null && attack.arguments().startsWith("{")) {
                    check(attack, "mcp", viaMcp(mcp, attack));
                    mcpCalls++;
                    perTransport.merge("mcp", 1, Integer::sum);
                }
            }
        } finally {
            mcp.close();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("Attack suite: " + cases.size() + " cases " + byFamily + ", calls " + perTransport + " in "
                + took.toMillis() + " ms");

        assertEquals(secretsBefore, TestDatabase.count("SELECT count(*) FROM attacklab.secrets"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM attacklab.secret_docs WHERE body = 'CROWN-JEWELS'"));
        assertEquals(victimBefore, victimWithoutInsertedRows(), "no attack changed an existing row");
        assertEveryCallWasAudited(requestIds);
        // The SDK client carries no per-call header, so MCP calls are counted: one audit row each.
        assertEquals(mcpRowsBefore + mcpCalls,
                TestDatabase.count("SELECT count(*) FROM dbadmin.audit_log WHERE transport = 'mcp_http'"), "MCP calls audited");
    }

    private void check(Case attack, String transport, Answer answer) {
        String label = transport + ": " + attack.label();
        assertFalse(answer.status() >= 500, label + " -> HTTP " + answer.status() + " " + answer.text());
        assertNotEquals(ErrorCode.DB_500_DATABASE, answer.code(), label + " -> " + answer.text());
        String text = answer.text() == null ? "" : answer.text();
        assertFalse(text.contains(SECRET), label + " leaked a restricted row");
        assertFalse(text.contains("\tat ") || text.contains("at com.dbadmin") || text.contains("Exception:")
                || text.contains("java.lang."), label + " -> stack trace: " + text.substring(0, Math.min(400, text.length())));
        if (answer.code() == null) {
            assertTrue(attack.mayPass(), label + " unexpectedly succeeded: " + text.substring(0, Math.min(300, text.length())));
        } else {
            assertTrue(attack.allowed().contains(answer.code()), label + " -> " + answer.code() + ": "
                    + text.substring(0, Math.min(300, text.length())));
        }
    }

    private void assertEveryCallWasAudited(List<String> requestIds) throws Exception {
        assertTrue(audit.awaitWritten(Duration.ofSeconds(60)), "audit writer drained");
        Set<String> audited = new HashSet<>();
        try (Connection connection = TestDatabase.connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT request_id FROM dbadmin.audit_log WHERE request_id = ANY(?)")) {
            statement.setArray(1, connection.createArrayOf("text", requestIds.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    audited.add(rs.getString(1));
                }
            }
        }
        List<String> missing = requestIds.stream().filter(id -> !audited.contains(id)).limit(20).toList();
        assertTrue(missing.isEmpty(), "calls without an audit row: " + missing);
    }

    private static String victim() {
        return digest("SELECT md5(string_agg(row(v.*)::text, ',' ORDER BY id)) FROM attacklab.victim v");
    }

    private static String victimWithoutInsertedRows() {
        return digest("SELECT md5(string_agg(row(v.*)::text, ',' ORDER BY id)) FROM attacklab.victim v WHERE id <= 20");
    }

    private static String digest(String sql) {
        try (Connection connection = TestDatabase.connect(); var statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
