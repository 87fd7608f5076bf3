package com.dbadmin.function;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.Scope;
import com.dbadmin.call.ToolGroup;
import com.dbadmin.call.Transport;
import com.dbadmin.ops.snapstart.SnapStartPriming;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.Fixtures;
import com.dbadmin.support.LambdaContexts;
import com.dbadmin.support.RecordingListener;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.TestLambdaContext;
import com.dbadmin.tool.ToolInvoker;
import com.dbadmin.tool.ToolResults;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The five group functions as Lambda runs them (a Lambda-built context with eager singletons, the stream
 * handler, a Lambda invocation context) against the real test database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupFunctionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    ApplicationContext context;
    QueryFunction query;
    InsertFunction insert;
    List<GroupFunction> all;
    RecordingListener calls;

    @BeforeAll
    void start() {
        context = LambdaContexts.build(Map.of("test.record-calls", "true"));
        query = new QueryFunction(context);
        insert = new InsertFunction(context);
        all = List.of(query, insert, new BatchFunction(context), new SchemaFunction(context), new BackupFunction(context));
        calls = context.getBean(RecordingListener.class);
    }

    @AfterAll
    void stop() {
        context.close();
    }

    @BeforeEach
    void fixtures() {
        Fixtures.load("lambdalab.sql");
        context.getBean(CatalogCache.class).refresh();
        calls.clear();
    }

    static JsonNode invoke(GroupFunction function, String event) throws IOException {
        return invoke(function, new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)));
    }

    static JsonNode invoke(GroupFunction function, InputStream event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        function.handleRequest(event, out, new TestLambdaContext("dbadmin-prod-" + function.group().id()));
        return JSON.readTree(out.toByteArray());
    }

    static String errorCode(JsonNode answer) {
        assertTrue(answer.has("error"), () -> "expected an error, got " + answer);
        return answer.get("error").get("code").asText();
    }

    @Test
    void aLambdaEnvironmentHoldsOneConnection() {
        // One request at a time per environment; every idle connection would count against RDS Proxy's clients.
        assertEquals(1, context.getBean(com.zaxxer.hikari.HikariDataSource.class).getMaximumPoolSize());
    }

    @Test
    void queryFunctionAnswersWithTheSameJsonAsTheMcpStructuredResult() throws IOException {
        String arguments = "{\"table\":\"books\",\"columns\":[\"id\",\"title\"],\"order_by\":[{\"column\":\"id\"}],\"limit\":3}";
        JsonNode answer = invoke(query, "{\"tool\":\"db_query_records\",\"arguments\":" + arguments + "}");

        assertEquals(3, answer.get("records").size(), answer::toString);
        JsonNode direct = ToolResults.body(context.getBean(ToolInvoker.class)
                .invoke("db_query_records", JSON.readTree(arguments), CallContext.local("test", Transport.REST)));
        assertEquals(JSON.readTree(direct.toString()), answer, "the same JSON, byte for byte after parsing");
    }

    @Test
    void insertFunctionWritesTheRowInTheDatabase() throws IOException {
        JsonNode answer = invoke(insert, """
                {"tool":"db_insert_record","arguments":{"table":"lambdalab.notes","data":{"title":"from lambda","body":"b"}}}""");

        assertEquals("inserted", answer.get("action").asText(), answer::toString);
        long id = answer.get("record").get("id").asLong();
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM lambdalab.notes WHERE id = " + id + " AND title = 'from lambda'"));
    }

    @Test
    void everyFunctionRefusesAToolOfAnotherGroupAndChangesNothing() throws IOException {
        for (GroupFunction function : all) {
            String foreignTool = function.group() == ToolGroup.INSERT ? "db_query_records" : "db_insert_record";
            String event = foreignTool.equals("db_insert_record")
                    ? "{\"tool\":\"db_insert_record\",\"arguments\":{\"table\":\"lambdalab.notes\",\"data\":{\"title\":\"sneaky\"}}}"
                    : "{\"tool\":\"db_query_records\",\"arguments\":{\"table\":\"lambdalab.notes\"}}";

            JsonNode answer = invoke(function, event);

            assertEquals("DB_403_ACCESS_DENIED", errorCode(answer), function.group() + ": " + answer);
            assertTrue(answer.get("error").get("message").asText().contains("Invoke the "), answer::toString);
            assertEquals(ErrorCode.DB_403_ACCESS_DENIED, calls.last().outcome().error().code(),
                    "the refusal reaches the listeners (audit, metrics)");
        }
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM lambdalab.notes WHERE title = 'sneaky'"));
    }

    @Test
    void refusalComesBeforeArgumentValidation() throws IOException {
        JsonNode answer = invoke(query, "{\"tool\":\"db_insert_record\",\"arguments\":{\"nonsense\":1}}");
        assertEquals("DB_403_ACCESS_DENIED", errorCode(answer));
    }

    @Test
    void directInvocationWithoutTokenIsTheIamInvokerWithTheGroupScopes() throws IOException {
        invoke(query, "{\"tool\":\"db_query_records\",\"arguments\":{\"table\":\"lambdalab.notes\"}}");
        CallContext caller = calls.last().caller();
        assertEquals("iam:dbadmin-prod-query:live", caller.principal());
        assertEquals(Transport.LAMBDA, caller.transport());
        assertTrue(caller.authenticated(), "IAM authorised the invocation");
        assertTrue(caller.hasScope(Scope.READ));
        assertFalse(caller.hasScope(Scope.WRITE), "invoking the query function grants no write scope");
        assertNotNull(caller.requestId());

        invoke(insert, "{\"tool\":\"db_insert_record\",\"arguments\":{\"table\":\"lambdalab.notes\",\"data\":{\"title\":\"x\"}}}");
        assertTrue(calls.last().caller().hasScope(Scope.WRITE));
        assertFalse(calls.last().caller().hasScope(Scope.ADMIN));
    }

    @Test
    void aTokenWithAuthenticationOffProvesNothingSoTheCallerStaysTheIamInvoker() throws IOException {
        JsonNode answer = invoke(query, "{\"tool\":\"db_query_records\",\"arguments\":{\"table\":\"lambdalab.notes\"},"
                + "\"authorization\":\"Bearer some.jwt.value\"}");
        assertEquals(3, answer.get("records").size(), answer::toString);
        CallContext caller = calls.last().caller();
        assertEquals("iam:dbadmin-prod-query:live", caller.principal());
        assertFalse(caller.hasScope(Scope.ADMIN), "an unverified token must not widen the IAM scopes");
    }

    @Test
    void malformedEventsGetAClearErrorAndChangeNothing() throws IOException {
        assertMalformed("{not json", "DB_400_VALIDATION", "not valid JSON");
        assertMalformed("[1,2]", "DB_400_VALIDATION", "must be a JSON object");
        assertMalformed("{\"arguments\":{}}", "DB_400_VALIDATION", "\"tool\" is required");
        assertMalformed("{\"tool\":42}", "DB_400_VALIDATION", "\"tool\" is required");
        assertMalformed("{\"tool\":\"db_insert_record\",\"argument\":{\"table\":\"lambdalab.notes\"}}",
                "DB_400_VALIDATION", "Unknown event field \"argument\"");
        assertMalformed("{\"tool\":\"db_insert_record\",\"arguments\":[1]}", "DB_400_VALIDATION", "arguments");
        assertMalformed("{\"tool\":\"db_insert_record\",\"arguments\":{\"table\":\"lambdalab.notes\",\"data\":{\"title\":5,\"x\":1}}}",
                "DB_400_VALIDATION", "");
        assertMalformed("{\"tool\":\"db_no_such_tool\",\"arguments\":{}}", "DB_404_NOT_FOUND", "Unknown tool");
        assertMalformed("{\"tool\":\"db_insert_record\",\"arguments\":{},\"authorization\":\"Basic dXNlcjpwYXNz\"}",
                "DB_401_UNAUTHENTICATED", "Bearer <token>");
        assertMalformed("{\"tool\":\"db_insert_record\",\"arguments\":{},\"token\":\"a\",\"authorization\":\"Bearer a\"}",
                "DB_400_VALIDATION", "once");
        assertEquals(3, TestDatabase.count("SELECT count(*) FROM lambdalab.notes"));
    }

    private void assertMalformed(String event, String code, String messagePart) throws IOException {
        calls.clear();
        JsonNode answer = invoke(insert, event);
        assertEquals(code, errorCode(answer), () -> event + " -> " + answer);
        assertNotNull(calls.last(), () -> event + ": the refusal reaches the listeners (audit, metrics)");
        assertEquals(code, calls.last().outcome().error().code().name(), event);
        String message = answer.get("error").get("message").asText();
        assertTrue(message.contains(messagePart), () -> event + " -> " + message);
        assertFalse(answer.toString().contains("Exception"), answer::toString);
    }

    @Test
    void nothingInTheEventChoosesTheCaller() throws IOException {
        // A direct invocation dressed as a scheduled one (Scheduler's input, or an EventBridge rule's event).
        for (String fixture : List.of("/events/scheduler-query.json", "/events/eventbridge-scheduled-event.json")) {
            JsonNode answer = invoke(query, getClass().getResourceAsStream(fixture));

            assertEquals("DB_400_VALIDATION", errorCode(answer), fixture + ": " + answer);
            assertTrue(answer.get("error").get("message").asText().contains("Unknown event field"), answer::toString);
            CallContext caller = calls.last().caller();
            assertEquals("iam:dbadmin-prod-query:live", caller.principal(), fixture);
            assertEquals(Transport.LAMBDA, caller.transport(), fixture + ": audited and rate-limited as a direct call");
            assertFalse(caller.authenticated());
            assertEquals(ErrorCode.DB_400_VALIDATION, calls.last().outcome().error().code());
        }
    }

    @Test
    void refusalsCountAgainstTheInvokersRateLimit() {
        ApplicationContext limited = LambdaContexts.build(Map.of("test.record-calls", "true",
                "db-admin.rate-limit.requests", "3", "db-admin.rate-limit.window", "1h"));
        try {
            QueryFunction function = new QueryFunction(limited);
            List<String> codes = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                codes.add(errorCode(invoke(function, "{\"tool\":\"db_query_records\",\"scheduler\":{}}")));
            }
            assertEquals(List.of("DB_400_VALIDATION", "DB_400_VALIDATION", "DB_400_VALIDATION", "DB_429_RATE_LIMITED",
                    "DB_429_RATE_LIMITED"), codes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            limited.close();
        }
    }

    @Test
    void primingRanAtStartupInTheLambdaEnvironment() {
        assertTrue(context.getBean(SnapStartPriming.class).primed());
    }
}
