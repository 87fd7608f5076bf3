package com.dbadmin.security;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.Scope;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.Transport;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.Http;
import com.dbadmin.support.McpClients;
import com.dbadmin.support.Tokens;
import com.dbadmin.tool.ToolRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The authentication matrix on every door that takes a credential: REST, MCP over HTTP (driven by the
 * MCP Java SDK client) and {@link CallerAuthenticator} (what the Lambda adapter calls), all against the
 * same validators: no token, malformed, unsigned, wrong signature, expired, no expiry, wrong issuer,
 * wrong audience, missing scope, right scope, roles instead of scope, API keys.
 */
class AuthMatrixTest extends DatabaseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READ_KEY = Tokens.READ_KEY;
    private static final String ADMIN_KEY = Tokens.ADMIN_KEY;

    @Inject
    EmbeddedServer server;
    @Inject
    CallerAuthenticator authenticator;
    @Inject
    ToolRegistry toolRegistry;
    @Inject
    com.dbadmin.audit.AuditWriter writer;
    Http http;

    @Override
    protected Map<String, String> extraProperties() {
        return Tokens.authenticatedServer();
    }

    @BeforeAll
    void setUp() {
        http = new Http(server.getURL());
    }

    /** Credentials that must be refused, and why. */
    static Stream<Arguments> refusedCredentials() {
        return Stream.of(
                Arguments.of("malformed", "not-a-jwt"),
                Arguments.of("three garbage segments", "abc.def.ghi"),
                Arguments.of("unsigned (alg none)", Tokens.unsigned("mallory", "db:admin")),
                Arguments.of("wrong signature", Tokens.hs256("another-secret-that-is-also-long-enough-0123456789",
                        Tokens.claims("mallory", "db:admin").build())),
                Arguments.of("expired", Tokens.hs256("alice", "db:admin",
                        c -> c.expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(1)))))),
                Arguments.of("no expiry", Tokens.hs256("alice", "db:admin", c -> c.expirationTime(null))),
                Arguments.of("not yet valid", Tokens.hs256("alice", "db:admin",
                        c -> c.notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(5)))))),
                Arguments.of("wrong issuer", Tokens.hs256("alice", "db:admin", c -> c.issuer("https://evil.example.test"))),
                Arguments.of("issuer that only ends like ours", Tokens.hs256("alice", "db:admin",
                        c -> c.issuer("https://attacker.issuer.example.test"))),
                Arguments.of("no issuer", Tokens.hs256("alice", "db:admin", c -> c.issuer(null))),
                Arguments.of("wrong audience", Tokens.hs256("alice", "db:admin", c -> c.audience("another-service"))),
                Arguments.of("no audience", Tokens.hs256("alice", "db:admin", c -> c.audience((String) null))),
                Arguments.of("HS384 with the HS256 secret", Tokens.hmac(com.nimbusds.jose.JWSAlgorithm.HS384, Tokens.SECRET,
                        Tokens.claims("alice", "db:admin").build())),
                Arguments.of("empty subject", Tokens.hs256("", "db:admin")),
                Arguments.of("blank subject", Tokens.hs256("   ", "db:admin")),
                Arguments.of("no subject", Tokens.hs256("alice", "db:admin", c -> c.subject(null))),
                Arguments.of("unknown API key", "some-unknown-api-key"),
                Arguments.of("API key hash instead of key", Tokens.apiKeyEntry("x", READ_KEY, "").split(":")[1]));
    }

    @Test
    void noCredentialIs401WithTheResourceMetadataChallengeOnEveryDoor() {
        for (String path : List.of("/api/db/query", "/api/tools/db_query_records")) {
            HttpResponse<String> response = http.post(path, "{\"table\":\"books\"}");
            assertEquals(401, response.statusCode(), path);
            String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
            assertTrue(challenge.startsWith("Bearer "), challenge);
            assertTrue(challenge.contains("resource_metadata=\"http://127.0.0.1:" + server.getPort() + "/.well-known/oauth-protected-resource\""),
                    challenge);
            assertEquals("DB_401_UNAUTHENTICATED", Http.json(response).get("error").get("code").asText());
        }
        assertEquals(401, http.get("/api/tools").statusCode());
        HttpResponse<String> mcp = http.mcp("tools/list", null);
        assertEquals(401, mcp.statusCode());
        assertTrue(mcp.headers().firstValue("WWW-Authenticate").orElseThrow()
                .contains("resource_metadata=\"http://127.0.0.1:" + server.getPort() + "/.well-known/oauth-protected-resource/mcp\""));
        ToolException lambda = assertThrows(ToolException.class,
                () -> authenticator.authenticate(null, Transport.LAMBDA, null, null, null));
        assertEquals(ErrorCode.DB_401_UNAUTHENTICATED, lambda.code());
        McpSyncClient client = McpClients.http(server.getURL());
        assertThrows(RuntimeException.class, client::initialize, "the MCP client cannot even initialize");
        client.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCredentials")
    void badCredentialsAreRefusedEverywhere(String why, String credential) {
        HttpResponse<String> rest = http.post("/api/db/query", "{\"table\":\"books\",\"limit\":1}", Http.bearer(credential));
        assertEquals(401, rest.statusCode(), why + ": " + rest.body());
        assertTrue(rest.headers().firstValue("WWW-Authenticate").orElseThrow().contains("error=\"invalid_token\""));
        assertFalse(rest.body().contains(credential), "the credential is never echoed");
        assertEquals(401, http.mcp("tools/list", null, Http.bearer(credential)).statusCode(), why);

        McpSyncClient client = McpClients.http(server.getURL(), b -> b.header("Authorization", "Bearer " + credential));
        assertThrows(RuntimeException.class, client::initialize, why);
        client.close();

        ToolException lambda = assertThrows(ToolException.class,
                () -> authenticator.authenticate("Bearer " + credential, Transport.LAMBDA, "10.0.0.1", "aws", "req-1"));
        assertEquals(ErrorCode.DB_401_UNAUTHENTICATED, lambda.code(), why);
    }

    @Test
    void readScopeReadsButCannotWriteAndSeesOnlyItsTools() throws Exception {
        String token = Tokens.hs256("reader", Scope.READ);
        HttpResponse<String> read = http.post("/api/db/query", "{\"table\":\"books\",\"limit\":2}", Http.bearer(token));
        assertEquals(200, read.statusCode(), read.body());
        assertEquals(2, Http.json(read).get("records").size());

        HttpResponse<String> write = http.post("/api/db/insert",
                "{\"table\":\"authors\",\"data\":{\"name\":\"Nope\",\"email\":\"nope@example.com\"}}", Http.bearer(token));
        assertEquals(403, write.statusCode());
        JsonNode error = Http.json(write).get("error");
        assertEquals("DB_403_ACCESS_DENIED", error.get("code").asText());
        assertTrue(error.get("message").asText().contains("db:write"), error.toString());
        assertEquals("db:write", error.get("required_scope").asText());

        Set<String> restTools = names(Http.json(http.get("/api/tools", Http.bearer(token))).get("tools"));
        assertEquals(expectedVisible(Set.of(Scope.READ)), restTools);
        assertTrue(restTools.contains("db_query_records"));
        assertFalse(restTools.contains("db_insert_record"));
        assertFalse(restTools.contains("db_query_audit_logs"));

        McpSyncClient client = McpClients.http(server.getURL(), b -> b.header("Authorization", "Bearer " + token));
        try {
            client.initialize();
            Set<String> mcpTools = client.listTools().tools().stream().map(McpSchema.Tool::name).collect(Collectors.toSet());
            assertEquals(restTools, mcpTools, "tools/list shows exactly the tools the scopes allow");
            McpSchema.CallToolResult denied = client.callTool(new McpSchema.CallToolRequest("db_insert_record",
                    Map.of("table", "authors", "data", Map.of("name", "Nope"))));
            assertTrue(denied.isError());
            JsonNode structured = JSON.valueToTree(denied.structuredContent());
            assertEquals("DB_403_ACCESS_DENIED", structured.get("error").get("code").asText());
            assertTrue(structured.get("error").get("message").asText().contains("db:write"));
            McpSchema.CallToolResult ok = client.callTool(new McpSchema.CallToolRequest("db_query_records",
                    Map.of("table", "books", "limit", 1)));
            assertFalse(Boolean.TRUE.equals(ok.isError()));
        } finally {
            client.close();
        }
    }

    @Test
    void writeScopeWritesAndAdminSeesEverything() {
        String writer = Tokens.hs256("writer", Scope.READ + " " + Scope.WRITE);
        HttpResponse<String> insert = http.post("/api/db/insert",
                "{\"table\":\"authors\",\"data\":{\"name\":\"Scoped Writer\",\"email\":\"scoped-writer@example.com\"}}",
                Http.bearer(writer));
        assertEquals(200, insert.statusCode(), insert.body());

        String admin = Tokens.hs256("root", Scope.ADMIN);
        Set<String> all = names(Http.json(http.get("/api/tools", Http.bearer(admin))).get("tools"));
        assertEquals(toolRegistry.all().stream().map(ToolDefinition::name).collect(Collectors.toSet()), all);
        McpSyncClient client = McpClients.http(server.getURL(), b -> b.header("Authorization", "Bearer " + admin));
        try {
            client.initialize();
            assertEquals(all, client.listTools().tools().stream().map(McpSchema.Tool::name).collect(Collectors.toSet()));
        } finally {
            client.close();
        }
    }

    @Test
    void rolesAndScpClaimsGrantScopesToo() {
        String viaRoles = Tokens.hs256("role-user", null, c -> c.claim("roles", List.of(Scope.READ)));
        assertEquals(200, http.post("/api/db/query", "{\"table\":\"books\",\"limit\":1}", Http.bearer(viaRoles)).statusCode());
        String viaScp = Tokens.hs256("scp-user", null, c -> c.claim("scp", List.of(Scope.WRITE)));
        assertEquals(403, http.post("/api/db/query", "{\"table\":\"books\",\"limit\":1}", Http.bearer(viaScp)).statusCode());
        String noScope = Tokens.hs256("nobody", (String) null);
        HttpResponse<String> none = http.post("/api/db/query", "{\"table\":\"books\",\"limit\":1}", Http.bearer(noScope));
        assertEquals(403, none.statusCode(), "authenticated but without any scope");
        assertEquals(Set.of(), names(Http.json(http.get("/api/tools", Http.bearer(noScope))).get("tools")));
    }

    @Test
    void apiKeysAuthenticateWithTheirConfiguredScopes() {
        HttpResponse<String> read = http.post("/api/db/query", "{\"table\":\"books\",\"limit\":1}", Http.bearer(READ_KEY));
        assertEquals(200, read.statusCode(), read.body());
        HttpResponse<String> write = http.post("/api/db/insert", "{\"table\":\"authors\",\"data\":{\"name\":\"K\"}}",
                Http.bearer(READ_KEY));
        assertEquals(403, write.statusCode());
        assertEquals(expectedVisible(Set.of(Scope.READ, Scope.AUDIT)),
                names(Http.json(http.get("/api/tools", Http.bearer(READ_KEY))).get("tools")));

        McpSyncClient client = McpClients.http(server.getURL(), b -> b.header("Authorization", "Bearer " + ADMIN_KEY));
        try {
            client.initialize();
            assertEquals(toolRegistry.all().size(), client.listTools().tools().size());
        } finally {
            client.close();
        }
        CallContext caller = authenticator.authenticate(ADMIN_KEY, Transport.LAMBDA, "10.0.0.9", "aws-lambda", "r-9");
        assertEquals("key:ops-admin", caller.principal(), "API-key callers are named key:<name>");
        assertTrue(caller.authenticated());
        assertTrue(caller.hasScope(Scope.RESTORE));
    }

    @Test
    void callerAuthenticatorUsesTheSameValidatorsAsHttp() {
        assertTrue(authenticator.isEnabled());
        CallContext caller = authenticator.authenticate("Bearer " + Tokens.hs256("lambda-user", "db:read db:batch"),
                Transport.LAMBDA, "203.0.113.5", "aws-sdk", "req-42");
        assertEquals("jwt:lambda-user", caller.principal(), "JWT callers are named jwt:<sub>");
        assertEquals(Set.of(Scope.READ, Scope.BATCH), caller.scopes());
        assertEquals(Transport.LAMBDA, caller.transport());
        assertEquals("203.0.113.5", caller.clientAddress());
        assertEquals("req-42", caller.requestId());
        assertFalse(caller.hasScope(Scope.WRITE));
    }

    /**
     * A JWT whose subject equals an API key's name (or a built-in principal) is a different caller: audit
     * rows and rate-limit buckets are keyed by the principal, so the prefix keeps them apart.
     */
    @Test
    void jwtSubjectsAndApiKeyNamesNeverShareAPrincipal() {
        CallContext jwt = authenticator.authenticate(Tokens.hs256("ops-admin", "db:read"), Transport.LAMBDA, null, null, null);
        CallContext key = authenticator.authenticate(ADMIN_KEY, Transport.LAMBDA, null, null, null);
        CallContext anonymousJwt = authenticator.authenticate(Tokens.hs256("anonymous", "db:read"), Transport.LAMBDA,
                null, null, null);
        assertEquals("jwt:ops-admin", jwt.principal());
        assertEquals("key:ops-admin", key.principal());
        assertEquals("jwt:anonymous", anonymousJwt.principal());
        assertFalse(jwt.hasScope(Scope.ADMIN), "the JWT does not borrow the key's scopes");
        String requestId = "prefix-" + System.nanoTime();
        HttpResponse<String> response = http.post("/api/db/query", "{\"table\":\"books\",\"limit\":1}",
                "Authorization", "Bearer " + Tokens.hs256("report-bot", "db:read"), "X-Request-Id", requestId);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, com.dbadmin.support.TestDatabase.count(awaitAudit(requestId, "jwt:report-bot")));
    }

    private String awaitAudit(String requestId, String principal) {
        try {
            assertTrue(writer.awaitWritten(Duration.ofSeconds(20)));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return "SELECT count(*) FROM dbadmin.audit_log WHERE request_id = '" + requestId + "' AND user_id = '" + principal + "'";
    }

    @Test
    void publicEndpointsStayAnonymous() {
        assertEquals(200, http.get("/health/liveness").statusCode());
        assertEquals(200, http.get("/health/readiness").statusCode());
        HttpResponse<String> metadata = http.get("/.well-known/oauth-protected-resource/mcp");
        assertEquals(200, metadata.statusCode());
        JsonNode body = Http.json(metadata);
        // No DB_ADMIN_PUBLIC_URL and no trusted proxy: the address the connection arrived at, never the Host.
        String base = "http://127.0.0.1:" + server.getPort();
        assertEquals(base + "/mcp", body.get("resource").asText());
        assertEquals(Tokens.ISSUER, body.get("authorization_servers").get(0).asText());
        assertTrue(names(body.get("scopes_supported")).containsAll(Set.of(Scope.READ, Scope.WRITE, Scope.AUDIT, Scope.ADMIN)));
        assertEquals("header", body.get("bearer_methods_supported").get(0).asText());
        assertEquals(base, Http.json(http.get("/.well-known/oauth-protected-resource")).get("resource").asText());
        assertEquals(401, http.get("/some/unknown/path").statusCode(), "anything else stays secured by default");
    }

    private Set<String> expectedVisible(Set<String> scopes) {
        return toolRegistry.all().stream().filter(tool -> scopes.contains(tool.scope())).map(ToolDefinition::name)
                .collect(Collectors.toSet());
    }

    private static Set<String> names(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .map(node -> node.isTextual() ? node.asText() : node.get("name").asText())
                .collect(Collectors.toSet());
    }

}
