package com.dbadmin.tool;

import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.support.Databases;
import com.dbadmin.support.ServerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The output schemas of the SQL, catalogue-search and health tools are exact: every result and every error these
 * tools return validates against the tool's outputSchema, and a result with a field the schema does not name, or
 * without one it requires, does not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactOutputSchemaTest {
    private static final String DATABASE = "exact_output";
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private ServerContext server;

    /** Calls that cover every shape each tool answers with: rows and none, plans with and without ANALYZE, errors. */
    private static final Map<String, List<String>> CALLS = Map.of(
            "db_execute_sql", List.of("{\"sql\": \"SELECT * FROM books LIMIT 2\"}", "{\"sql\": \"SELECT 1 WHERE false\"}",
                    "{\"sql\": \"SHOW work_mem\"}", "{\"sql\": \"SELECT * FROM users\"}", "{\"sql\": \"SELEC 1\"}",
                    "{\"sql\": \"SELECT 1; SELECT 2\"}"),
            "db_explain", List.of("{\"sql\": \"SELECT * FROM books WHERE id = $1\", \"params\": [1]}",
                    "{\"sql\": \"SELECT count(*) FROM chapters c JOIN books b ON b.id = c.book_id\", \"analyze\": true}",
                    "{\"query\": {\"table\": \"books\", \"where\": {\"status\": \"published\"}}, \"analyze\": true}",
                    "{\"query\": {\"table\": \"users\"}}", "{}"),
            "db_list_schemas", List.of("{}", "{\"include_system\": true}"),
            "db_search_objects", List.of("{}", "{\"pattern\": \"nothing-matches\"}", "{\"kinds\": [\"function\"],"
                    + " \"include_system\": true, \"limit\": 5}", "{\"kinds\": [\"nope\"]}"),
            "db_health", List.of("{}", "{\"session_seconds\": 1}"));

    @BeforeAll
    void start() {
        Databases.fresh(DATABASE);
        server = ServerContext.on(DATABASE, Map.of("db-admin.database.load-demo", "true"));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @TestFactory
    Stream<DynamicTest> everyResultAndErrorMatchesTheSchema() {
        ToolRegistry registry = server.bean(ToolRegistry.class);
        return CALLS.entrySet().stream().flatMap(entry -> entry.getValue().stream().map(arguments ->
                DynamicTest.dynamicTest(entry.getKey() + " " + arguments, () -> {
                    ToolDefinition tool = registry.find(entry.getKey()).orElseThrow();
                    ToolOutcome outcome = server.tools().call(entry.getKey(), arguments);
                    JsonNode body = ToolResults.body(outcome);
                    Set<ValidationMessage> problems = schema(tool).validate(body);
                    assertEquals(Set.of(), problems, body.toString());
                })));
    }

    @TestFactory
    Stream<DynamicTest> aFieldTooManyOrTooFewIsRefused() {
        ToolRegistry registry = server.bean(ToolRegistry.class);
        return CALLS.keySet().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            ToolDefinition tool = registry.find(name).orElseThrow();
            ToolOutcome outcome = server.tools().call(name, CALLS.get(name).get(0));
            assertTrue(outcome.success(), name);
            com.fasterxml.jackson.databind.node.ObjectNode extra = outcome.result().deepCopy();
            extra.put("unexpected_field", 1);
            assertFalse(schema(tool).validate(extra).isEmpty(), name + " accepts an unknown field");
            com.fasterxml.jackson.databind.node.ObjectNode missing = outcome.result().deepCopy();
            missing.remove(missing.fieldNames().next());
            assertFalse(schema(tool).validate(missing).isEmpty(), name + " accepts a result without a required field");
        }));
    }

    private static JsonSchema schema(ToolDefinition tool) {
        assertNotNull(tool.outputSchema(), tool.name());
        return SCHEMAS.getSchema(tool.outputSchema());
    }
}
