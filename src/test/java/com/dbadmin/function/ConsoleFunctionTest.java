package com.dbadmin.function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.dbadmin.support.LambdaContexts;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The HTTP function behind API Gateway serves the operator console, Swagger UI and /openapi.json like the
 * server does (the routes in terraform/api.tf), and its REST errors are problem+json.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleFunctionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** A real API Gateway GET event (the health fixture: no authorizer identity) for another path. */
    private APIGatewayV2HTTPResponse get(String path) throws Exception {
        return get(path, "apigw-v2-health.json");
    }

    /** The same from a fixture, turned into a GET of {@code path} (the REST query fixture carries JWT claims). */
    private APIGatewayV2HTTPResponse get(String path, String fixture) throws Exception {
        ObjectNode event = ApiGatewayEvents.fixture(fixture);
        event.remove("body");
        ((ObjectNode) event.at("/requestContext/http")).put("method", "GET");
        event.put("rawPath", path).put("routeKey", "GET " + path);
        ((ObjectNode) event.get("requestContext")).put("routeKey", "GET " + path);
        ((ObjectNode) event.at("/requestContext/http")).put("path", path);
        ((ObjectNode) event.get("headers")).put("accept", "text/html,application/json,*/*");
        return ApiGatewayEvents.handle(function, event);
    }

    private static String body(APIGatewayV2HTTPResponse response) {
        return response.getIsBase64Encoded() ? new String(Base64.getDecoder().decode(response.getBody()),
                StandardCharsets.UTF_8) : response.getBody();
    }

    private static String header(APIGatewayV2HTTPResponse response, String name) {
        return response.getHeaders().entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse("");
    }

    @Test
    void consoleDocsAndOpenApiAreServed() throws Exception {
        APIGatewayV2HTTPResponse console = get("/");
        assertEquals(200, console.getStatusCode(), console::toString);
        assertTrue(header(console, "Content-Type").startsWith("text/html"), console.getHeaders()::toString);
        assertTrue(body(console).contains("/console/console.js"));
        assertEquals(200, get("/console/console.js").getStatusCode());
        assertEquals(200, get("/docs").getStatusCode());
        APIGatewayV2HTTPResponse openapi = get("/openapi.json");
        assertEquals(200, openapi.getStatusCode(), openapi::toString);
        assertEquals("3.1.0", JSON.readTree(body(openapi)).get("openapi").asText());
    }

    @Test
    void errorsAreProblems() throws Exception {
        // Without the authorizer's identity every API route is refused first, so routes cannot be probed.
        APIGatewayV2HTTPResponse anonymous = get("/api/no/such/route");
        assertEquals(401, anonymous.getStatusCode(), anonymous::toString);
        assertTrue(header(anonymous, "Content-Type").startsWith("application/problem+json"), anonymous.getHeaders()::toString);
        assertEquals("DB_401_UNAUTHENTICATED", JSON.readTree(body(anonymous)).get("code").asText());

        APIGatewayV2HTTPResponse missing = get("/api/no/such/route", "apigw-v2-rest-query.json");
        assertEquals(404, missing.getStatusCode(), missing::toString);
        assertTrue(header(missing, "Content-Type").startsWith("application/problem+json"), missing.getHeaders()::toString);
        assertEquals("DB_404_NOT_FOUND", JSON.readTree(body(missing)).get("code").asText());
    }
}
