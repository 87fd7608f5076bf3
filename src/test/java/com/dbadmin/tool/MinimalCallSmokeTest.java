package com.dbadmin.tool;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.call.Transport;
import com.dbadmin.support.Databases;
import com.dbadmin.support.ServerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every tool of the registry, called with the smallest arguments its input schema accepts (required
 * properties only, each the simplest valid value), succeeds or fails with a client-side code — never
 * DB_500. A tool added later is covered without a change here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MinimalCallSmokeTest {
    /** Codes a minimal call may legitimately end with: the arguments name nothing that exists, or too little. */
    private static final Set<ErrorCode> CLIENT_SIDE = EnumSet.of(ErrorCode.DB_400_VALIDATION,
            ErrorCode.DB_404_NOT_FOUND, ErrorCode.DB_409_CONFLICT, ErrorCode.DB_422_CONSTRAINT);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** A table of the fixture every table argument names. */
    private static final String TABLE = "lab.type_samples";

    private ServerContext server;

    @BeforeAll
    void start() {
        String database = Databases.fresh("minimal_calls");
        server = ServerContext.on(database, Map.of("db-admin.database.load-demo", "true"));
        Databases.loadFixture(database, "lab.sql");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @TestFactory
    Stream<DynamicTest> everyToolAnswersItsMinimalCall() {
        ToolInvoker invoker = server.bean(ToolInvoker.class);
        CallContext admin = CallContext.local("smoke", Transport.REST);
        assertFalse(invoker.registry().all().isEmpty());
        return invoker.registry().all().stream().map(tool -> DynamicTest.dynamicTest(tool.name(), () -> {
            ObjectNode arguments = minimal(tool);
            ToolOutcome outcome = invoker.invoke(tool.name(), arguments, admin);
            assertTrue(outcome.success() || CLIENT_SIDE.contains(outcome.error().code()),
                    () -> tool.name() + " " + arguments + " ended with " + outcome.error().code() + ": "
                            + outcome.error().getMessage());
        }));
    }

    /** The required properties of the tool's input schema, each with the simplest value its schema accepts. */
    static ObjectNode minimal(ToolDefinition tool) {
        return (ObjectNode) value("", tool.inputSchema());
    }

    private static JsonNode value(String name, JsonNode schema) {
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        if (schema.has("oneOf")) {
            return value(name, schema.get("oneOf").get(0));
        }
        switch (schema.path("type").asText("")) {
            case "object": {
                ObjectNode object = JSON.objectNode();
                for (JsonNode required : schema.path("required")) {
                    object.set(required.asText(), value(required.asText(), schema.path("properties").path(required.asText())));
                }
                return object;
            }
            case "array": {
                ArrayNode array = JSON.arrayNode();
                for (int i = 0; i < schema.path("minItems").asInt(0); i++) {
                    array.add(value(name, schema.path("items")));
                }
                return array;
            }
            case "integer":
            case "number":
                return JSON.numberNode(schema.path("minimum").asLong(1));
            case "boolean":
                return JSON.booleanNode(false);
            case "string":
                return JSON.textNode(name.equals("table") ? TABLE : "x");
            default:
                return JSON.objectNode();
        }
    }
}
