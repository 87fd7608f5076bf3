package com.dbadmin.function;

import com.dbadmin.audit.AuditWriter;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.Fixtures;
import com.dbadmin.support.LambdaContexts;
import com.dbadmin.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Who the caller of the HTTP function is behind API Gateway: the JWT authorizer's claims in real HTTP API
 * (payload 2.0) events, read through the Lambda runtime's own serialiser, become the principal and the scopes
 * that the audit row records; an event without them is refused, never served as an anonymous admin, whatever
 * headers it carries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiGatewayIdentityTest {
    ApplicationContext context;
    APIGatewayV2HTTPEventFunction function;

    @BeforeAll
    void start() {
        context = LambdaContexts.build(Map.of());
        function = new APIGatewayV2HTTPEventFunction(context);
    }

    @AfterAll
    void stop() {
        context.close();
    }

    @BeforeEach
    void fixtures() {
        Fixtures.load("lambdalab.sql");
        context.getBean(CatalogCache.class).refresh();
    }

    /** A fixture event with a fresh request id, edited by {@code edit}, invoked as the runtime does. */
    Answer invoke(String fixture, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode event = ApiGatewayEvents.fixture(fixture);
        String requestId = "it-" + UUID.randomUUID();
        ((ObjectNode) event.get("headers")).put("x-request-id", requestId);
        edit.accept(event);
        JsonNode json = ApiGatewayEvents.invoke(function, event);
        return new Answer(json.get("statusCode").asInt(), ApiGatewayEvents.body(json), requestId);
    }

    record Answer(int status, JsonNode body, String requestId) {
    }

    static Consumer<ObjectNode> claims(Map<String, String> claims) {
        return event -> {
            ObjectNode jwt = ((ObjectNode) event.get("requestContext")).putObject("authorizer").putObject("jwt");
            ObjectNode values = jwt.putObject("claims");
            claims.forEach(values::put);
            jwt.putNull("scopes");
        };
    }

    static Consumer<ObjectNode> noAuthorizer() {
        return event -> ((ObjectNode) event.get("requestContext")).remove("authorizer");
    }

    static Map<String, String> subject(String sub, String scopeClaim, String scopes) {
        Map<String, String> claims = new LinkedHashMap<>();
        claims.put("iss", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example");
        claims.put("aud", "dbadmin-mcp");
        claims.put("sub", sub);
        claims.put(scopeClaim, scopes);
        return claims;
    }

    /** The audit rows of one request: user_id, authenticated, scopes, operation, success, error_code. */
    Map<String, Object> auditRow(String requestId) throws Exception {
        assertTrue(context.getBean(AuditWriter.class).awaitWritten(Duration.ofSeconds(20)), "audit writer drained");
        try (Connection connection = TestDatabase.connect();
             PreparedStatement statement = connection.prepareStatement("SELECT user_id, authenticated, scopes, operation,"
                     + " success, error_code, transport FROM dbadmin.audit_log WHERE request_id = ?")) {
            statement.setString(1, requestId);
            try (ResultSet rs = statement.executeQuery()) {
                assertTrue(rs.next(), "an audit row for request " + requestId);
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                assertFalse(rs.next(), "one row per call");
                return row;
            }
        }
    }

    long auditRows(String requestId) throws Exception {
        assertTrue(context.getBean(AuditWriter.class).awaitWritten(Duration.ofSeconds(20)));
        try (Connection connection = TestDatabase.connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM dbadmin.audit_log WHERE request_id = ?")) {
            statement.setString(1, requestId);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void mcpCallerIsTheAuthorizersSubjectWithItsScopesInTheAuditRow() throws Exception {
        Answer answer = invoke("apigw-v2-mcp-tools-call.json", e -> { });

        assertEquals(200, answer.status(), answer::toString);
        assertFalse(answer.body().get("result").path("isError").asBoolean(), answer::toString);
        Map<String, Object> row = auditRow(answer.requestId());
        assertEquals("jwt:ops-agent", row.get("user_id"));
        assertEquals(true, row.get("authenticated"));
        assertEquals("db:read db:write", row.get("scopes"));
        assertEquals("db_query_records", row.get("operation"));
        assertEquals("mcp_http", row.get("transport"));
    }

    @Test
    void restCallerWithoutTheWriteScopeIsRefusedAndAuditedUnderItsOwnName() throws Exception {
        String body = "{\"table\": \"lambdalab.notes\", \"data\": {\"title\": \"from a reader\"}}";
        Answer answer = invoke("apigw-v2-rest-insert-restricted.json", claims(subject("reader-7", "scope", "db:read"))
                .andThen(event -> event.put("body", body)));

        assertEquals(403, answer.status(), answer::toString);
        assertEquals("DB_403_ACCESS_DENIED", answer.body().get("error").get("code").asText());
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM lambdalab.notes WHERE title = 'from a reader'"));
        Map<String, Object> row = auditRow(answer.requestId());
        assertEquals("jwt:reader-7", row.get("user_id"));
        assertEquals("db:read", row.get("scopes"));
        assertEquals(false, row.get("success"));
        assertEquals("DB_403_ACCESS_DENIED", row.get("error_code"));
    }

    @Test
    void scpClaimsAsApiGatewayFlattensThemGrantScopesToo() throws Exception {
        String body = "{\"table\": \"lambdalab.notes\", \"data\": {\"title\": \"scp writer\"}}";
        Answer answer = invoke("apigw-v2-rest-insert-restricted.json", claims(subject("svc-1", "scp", "[db:read db:write]"))
                .andThen(event -> event.put("body", body)));

        assertEquals(200, answer.status(), answer::toString);
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM lambdalab.notes WHERE title = 'scp writer'"));
        Map<String, Object> row = auditRow(answer.requestId());
        assertEquals("jwt:svc-1", row.get("user_id"));
        assertEquals("db:read db:write", row.get("scopes"));
    }

    @Test
    void anEventWithoutAuthorizerClaimsIsRefusedOnEveryToolRoute() throws Exception {
        for (String fixture : new String[] {"apigw-v2-mcp-tools-call.json", "apigw-v2-mcp-tools-list.json",
                "apigw-v2-rest-query.json", "apigw-v2-rest-insert-restricted.json"}) {
            Answer answer = invoke(fixture, noAuthorizer());

            assertEquals(401, answer.status(), () -> fixture + ": " + answer);
            assertEquals("DB_401_UNAUTHENTICATED", answer.body().get("error").get("code").asText(), fixture);
            assertEquals(0, auditRows(answer.requestId()), fixture + ": nothing ran");
        }
    }

    @Test
    void headersNeverStandInForTheAuthorizer() throws Exception {
        Answer answer = invoke("apigw-v2-rest-query.json", noAuthorizer().andThen(event -> {
            ObjectNode headers = (ObjectNode) event.get("headers");
            headers.put("x-amzn-oidc-identity", "admin");
            headers.put("x-amzn-oidc-data", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsInNjb3BlIjoiZGI6YWRtaW4ifQ.");
            headers.put("x-forwarded-user", "admin");
        }));

        assertEquals(401, answer.status(), answer::toString);
        assertEquals(0, auditRows(answer.requestId()));
    }

    @Test
    void claimsWithoutASubjectAreNoIdentity() throws Exception {
        Answer blank = invoke("apigw-v2-rest-query.json", claims(subject(" ", "scope", "db:admin")));
        assertEquals(401, blank.status(), blank::toString);

        Map<String, String> noSub = subject("x", "scope", "db:admin");
        noSub.remove("sub");
        Answer missing = invoke("apigw-v2-rest-query.json", claims(noSub));
        assertEquals(401, missing.status(), missing::toString);
    }

    @Test
    void healthIsPublicButShowsNoDetailsWithoutAnIdentity() throws Exception {
        Answer answer = invoke("apigw-v2-health.json", e -> { });

        assertEquals(200, answer.status(), answer::toString);
        assertEquals("UP", answer.body().get("status").asText(), answer::toString);
        JsonNode details = answer.body().path("details");
        assertTrue(details.isMissingNode() || details.isNull(), () -> "no details for an anonymous caller: " + answer.body());
        assertFalse(answer.body().toString().contains("jdbc:"), answer.body()::toString);
    }

    @Test
    void claimValuesAreSplitLikeApiGatewayWritesThem() {
        assertEquals(java.util.List.of("db:read", "db:write"), ApiGatewayAuthorizerFetcher.claimValues("[db:read db:write]"));
        assertEquals(java.util.List.of("db:read", "db:write"), ApiGatewayAuthorizerFetcher.claimValues("[\"db:read\",\"db:write\"]"));
        assertEquals(java.util.List.of("db:read"), ApiGatewayAuthorizerFetcher.claimValues("  db:read  "));
        assertEquals(java.util.List.of(), ApiGatewayAuthorizerFetcher.claimValues(null));
    }
}
