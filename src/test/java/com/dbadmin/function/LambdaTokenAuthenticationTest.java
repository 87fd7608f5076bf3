package com.dbadmin.function;

import com.dbadmin.audit.AuditWriter;
import com.dbadmin.call.CallContext;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.Scope;
import com.dbadmin.call.Transport;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.Fixtures;
import com.dbadmin.support.LambdaContexts;
import com.dbadmin.support.RecordingListener;
import com.dbadmin.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Tokens in Lambda events with authentication configured (an API key, DB_ADMIN_API_KEYS): the same
 * authenticator as HTTP verifies them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LambdaTokenAuthenticationTest {
    /** SHA-256 of the key below: the configuration never holds the key itself. */
    private static final String KEY = "lambda-test-key-0123456789";
    private static final String KEY_SHA256 = "670b7f2a21309b72edeae950d0a8060497c6576dfe03d52e79aeab28d6f5af95";

    ApplicationContext context;
    QueryFunction query;
    RecordingListener calls;

    @BeforeAll
    void start() {
        context = LambdaContexts.build(Map.of("test.record-calls", "true",
                "db-admin.auth.api-keys", "lambda-ops:" + KEY_SHA256 + ":" + Scope.READ));
        query = new QueryFunction(context);
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
    }

    @Test
    void aValidTokenIsTheCaller() throws Exception {
        JsonNode answer = GroupFunctionTest.invoke(query, "{\"tool\":\"db_query_records\",\"arguments\":"
                + "{\"table\":\"lambdalab.notes\"},\"authorization\":\"Bearer " + KEY + "\"}");
        assertEquals(3, answer.get("records").size(), answer::toString);
        CallContext caller = calls.last().caller();
        assertTrue(caller.principal().contains("lambda-ops"), caller.principal());
        assertTrue(caller.authenticated());
        assertEquals(Transport.LAMBDA, caller.transport());
    }

    @Test
    void anInvalidTokenIsUnauthenticatedRunsNothingAndIsAuditedUnderTheIamInvoker() throws Exception {
        calls.clear();
        JsonNode answer = GroupFunctionTest.invoke(query, "{\"tool\":\"db_query_records\",\"arguments\":"
                + "{\"table\":\"lambdalab.notes\"},\"token\":\"not-a-valid-key\"}");
        assertEquals("DB_401_UNAUTHENTICATED", GroupFunctionTest.errorCode(answer));
        RecordingListener.Completed refused = calls.last();
        assertNotNull(refused, "the refusal is a call the listeners (audit, metrics) see");
        assertEquals(ErrorCode.DB_401_UNAUTHENTICATED, refused.outcome().error().code());
        assertEquals("iam:dbadmin-prod-query:live", refused.caller().principal());
        assertFalse(refused.caller().authenticated());
        assertTrue(refused.caller().scopes().isEmpty());
        assertTrue(context.getBean(AuditWriter.class).awaitWritten(Duration.ofSeconds(20)));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM dbadmin.audit_log WHERE request_id = '"
                + refused.caller().requestId() + "' AND error_code = 'DB_401_UNAUTHENTICATED' AND NOT success"));
    }

    @Test
    void tokenRefusalsAreRateLimitedPerInvoker() throws Exception {
        ApplicationContext limited = LambdaContexts.build(Map.of("db-admin.rate-limit.requests", "2",
                "db-admin.rate-limit.window", "1h", "db-admin.auth.api-keys", "lambda-ops:" + KEY_SHA256 + ":" + Scope.READ));
        try {
            QueryFunction function = new QueryFunction(limited);
            String bad = "{\"tool\":\"db_query_records\",\"arguments\":{\"table\":\"lambdalab.notes\"},\"token\":\"guess\"}";
            assertEquals("DB_401_UNAUTHENTICATED", GroupFunctionTest.errorCode(GroupFunctionTest.invoke(function, bad)));
            assertEquals("DB_401_UNAUTHENTICATED", GroupFunctionTest.errorCode(GroupFunctionTest.invoke(function, bad)));
            assertEquals("DB_429_RATE_LIMITED", GroupFunctionTest.errorCode(GroupFunctionTest.invoke(function, bad)),
                    "guessing tokens costs the invoker its rate limit");
        } finally {
            limited.close();
        }
    }
}
