package com.dbadmin.function;

import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.Fixtures;
import com.dbadmin.support.LambdaContexts;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.context.env.Environment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static com.dbadmin.function.ApiGatewayEvents.body;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The HTTP function behind API Gateway (HTTP API, payload 2.0): the Terraform's handler class, on a Lambda-built
 * context (eager singletons), fed API Gateway event JSON read through the Lambda runtime's own event serialiser,
 * answering MCP (initialize, tools/list, tools/call), REST and health from the same controllers as the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpFunctionTest {
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

    /** Invokes the handler as the runtime does: event JSON in, response JSON out (what API Gateway reads). */
    JsonNode invoke(String fixture) throws IOException {
        return ApiGatewayEvents.invoke(function, ApiGatewayEvents.fixture(fixture));
    }

    @Test
    void runsInTheLambdaEnvironmentWithEagerSingletons() {
        assertTrue(context.getEnvironment().getActiveNames().containsAll(List.of(Environment.FUNCTION, "lambda")));
    }

    @Test
    void mcpInitialize() throws IOException {
        JsonNode response = invoke("apigw-v2-mcp-initialize.json");
        assertEquals(200, response.get("statusCode").asInt(), response::toString);
        JsonNode result = body(response).get("result");
        assertEquals("database-admin-server", result.get("serverInfo").get("name").asText(), response::toString);
        assertTrue(result.get("capabilities").has("tools"));
        assertFalse(result.get("protocolVersion").asText().isEmpty());
    }

    @Test
    void mcpToolsListComesFromTheProgrammaticCatalogue() throws IOException {
        JsonNode response = invoke("apigw-v2-mcp-tools-list.json");
        assertEquals(200, response.get("statusCode").asInt(), response::toString);
        List<String> names = StreamSupport.stream(body(response).get("result").get("tools").spliterator(), false)
                .map(tool -> tool.get("name").asText()).toList();
        assertTrue(names.containsAll(List.of("db_query_records", "db_insert_record", "db_update_records",
                "db_delete_records")), names::toString);
    }

    @Test
    void mcpToolsCallReturnsStructuredContentAndTheSameJsonAsText() throws IOException {
        JsonNode response = invoke("apigw-v2-mcp-tools-call.json");
        assertEquals(200, response.get("statusCode").asInt(), response::toString);
        JsonNode result = body(response).get("result");
        assertFalse(result.path("isError").asBoolean(), result::toString);
        JsonNode structured = result.get("structuredContent");
        assertEquals(List.of("first", "second"), StreamSupport.stream(structured.get("records").spliterator(), false)
                .map(row -> row.get("title").asText()).toList());
        assertEquals(structured, ApiGatewayEvents.JSON.readTree(result.get("content").get(0).get("text").asText()));
    }

    @Test
    void mcpInvalidArgumentsAreAToolErrorResultWithTheViolations() throws IOException {
        JsonNode response = invoke("apigw-v2-mcp-tools-call-invalid.json");
        assertEquals(200, response.get("statusCode").asInt(), response::toString);
        JsonNode result = body(response).get("result");
        assertTrue(result.get("isError").asBoolean(), response::toString);
        JsonNode error = result.get("structuredContent").get("error");
        assertEquals("DB_400_VALIDATION", error.get("code").asText(), response::toString);
        assertTrue(error.get("violations").toString().contains("table"), response::toString);
    }

    @Test
    void restQueryThroughTheProxyRoute() throws IOException {
        JsonNode response = invoke("apigw-v2-rest-query.json");
        assertEquals(200, response.get("statusCode").asInt(), response::toString);
        JsonNode records = body(response).get("records");
        assertEquals(1, records.size());
        assertEquals("two", records.get(0).get("body").asText());
    }

    @Test
    void restrictedTablesStayUnreachableThroughTheFunction() throws IOException {
        JsonNode response = invoke("apigw-v2-rest-insert-restricted.json");
        assertEquals(404, response.get("statusCode").asInt(), response::toString);
        assertEquals("DB_404_NOT_FOUND", body(response).get("error").get("code").asText());
    }

    @Test
    void health() throws IOException {
        JsonNode response = invoke("apigw-v2-health.json");
        assertEquals(200, response.get("statusCode").asInt(), response::toString);
        assertEquals("UP", body(response).get("status").asText(), response::toString);
    }
}
