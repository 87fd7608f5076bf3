package com.dbadmin.tool;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.call.Transport;
import com.dbadmin.support.Databases;
import com.dbadmin.support.Http;
import com.dbadmin.support.MinimalArguments;
import com.dbadmin.support.ServerContext;
import com.dbadmin.support.TestDatabase;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every tool of the registry, called with the smallest arguments its input schema accepts (required
 * properties only, each the simplest valid value), succeeds or fails with a client-side code — never
 * DB_500 — through the invoker and over REST (where a failure is a problem+json 4xx). A tool added later
 * is covered without a change here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MinimalCallSmokeTest {
    /** A table of the fixture every table argument names. */
    private static final String TABLE = "lab.type_samples";

    private ServerContext server;
    private EmbeddedServer http;

    @BeforeAll
    void start() {
        String database = Databases.fresh("minimal_calls");
        // A pool of one connection, as in Lambda: no tool may need a second connection of the pool while it holds one.
        server = ServerContext.on(database, Map.of("db-admin.database.load-demo", "true", "db-admin.database.pool-size", "1"));
        Databases.loadFixture(database, "lab.sql");
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties());
        properties.put("db-admin.database.url", Databases.jdbcUrl(database));
        properties.put("db-admin.database.load-demo", "false");
        http = ApplicationContext.run(EmbeddedServer.class, properties, "test");
    }

    @AfterAll
    void stop() {
        server.close();
        http.close();
    }

    @TestFactory
    Stream<DynamicTest> everyToolAnswersItsMinimalCallOverRest() {
        Http client = new Http(http.getURL());
        ToolRegistry registry = http.getApplicationContext().getBean(ToolRegistry.class);
        return registry.all().stream().map(tool -> DynamicTest.dynamicTest(tool.name(), () -> {
            ObjectNode arguments = MinimalArguments.of(tool, TABLE);
            HttpResponse<String> response = client.post("/api/tools/" + tool.name(), arguments.toString());
            if (response.statusCode() == 200) {
                return;
            }
            assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, () -> tool.name() + " " + arguments
                    + " answered " + response.statusCode() + ": " + response.body());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                    () -> tool.name() + ": " + response.headers().map());
            ErrorCode code = ErrorCode.valueOf(Http.json(response).get("code").asText());
            assertTrue(MinimalArguments.CLIENT_SIDE.contains(code), () -> tool.name() + " ended with " + response.body());
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyToolAnswersItsMinimalCall() {
        ToolInvoker invoker = server.bean(ToolInvoker.class);
        CallContext admin = CallContext.local("smoke", Transport.REST);
        assertFalse(invoker.registry().all().isEmpty());
        return invoker.registry().all().stream().map(tool -> DynamicTest.dynamicTest(tool.name(), () -> {
            ObjectNode arguments = MinimalArguments.of(tool, TABLE);
            ToolOutcome outcome = invoker.invoke(tool.name(), arguments, admin);
            assertTrue(outcome.success() || MinimalArguments.CLIENT_SIDE.contains(outcome.error().code()),
                    () -> tool.name() + " " + arguments + " ended with " + outcome.error().code() + ": "
                            + outcome.error().getMessage());
        }));
    }
}
