package com.dbadmin.mcp;

import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.Http;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.*;

/**
 * JSON-RPC and Streamable HTTP exactness on {@code /mcp}, with raw HTTP: every answer is a JSON-RPC message
 * with the spec's error code and the right status (400 for what cannot be read, 200 for requests, 202 for
 * notifications and responses), never a framework error page or a stack trace.
 */
class McpJsonRpcExactnessTest extends DatabaseTest {
    private static final String ACCEPT = "application/json, text/event-stream";

    @Inject
    EmbeddedServer server;
    Http http;

    @BeforeAll
    void client() {
        http = new Http(server.getURL());
    }

    private HttpResponse<String> post(String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Accept";
        all[1] = ACCEPT;
        System.arraycopy(headers, 0, all, 2, headers.length);
        HttpResponse<String> response = http.post("/mcp", body, all);
        assertNoLeak(response);
        return response;
    }

    private static void assertNoLeak(HttpResponse<String> response) {
        assertFalse(response.body().contains("Exception"), response.body());
        assertFalse(response.body().contains("\tat "), response.body());
        assertFalse(response.body().contains("_links"), "not a framework error page: " + response.body());
    }

    private static JsonNode error(HttpResponse<String> response, int status, int code) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                response.headers().toString());
        JsonNode body = Http.json(response);
        assertEquals("2.0", body.get("jsonrpc").asText(), response.body());
        assertEquals(code, body.get("error").get("code").asInt(), response.body());
        assertFalse(body.get("error").get("message").asText().isBlank());
        return body;
    }

    @Test
    void unreadableBodiesAreParseErrors() {
        assertTrue(error(post("{not json"), 400, -32700).get("id").isNull());
        error(post(""), 400, -32700);
        error(post("[1, 2"), 400, -32700);
    }

    @Test
    void malformedMessagesAreInvalidRequests() {
        error(post("{\"jsonrpc\":\"2.0\",\"id\":1}"), 400, -32600);
        error(post("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}"), 400, -32600);
        error(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":42}"), 400, -32600);
        error(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[1]}"), 400, -32600);
        error(post("\"just a string\""), 400, -32600);
        error(post("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}"), 400, -32600);
    }

    @Test
    void idNullIsAMalformedRequestNotANotification() {
        JsonNode body = error(post("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}"), 400, -32600);
        assertTrue(body.get("id").isNull());
    }

    @Test
    void unknownMethodsAreMethodNotFoundWithTheRequestId() {
        JsonNode body = error(post("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"tools/explode\"}"), 200, -32601);
        assertEquals("abc", body.get("id").asText());
        error(post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"completion/complete\",\"params\":{}}"), 200, -32601);
    }

    @Test
    void badParamsAreInvalidParams() {
        error(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{}}"), 200, -32602);
        error(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"db_no_such_tool\"}}"), 200, -32602);
        error(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"loud\"}}"), 200, -32602);
        error(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{}}"), 200, -32602);
        error(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\",\"params\":{\"name\":\"nope\"}}"), 200, -32602);
    }

    @Test
    void notificationsAndResponsesAreAcceptedWith202AndNoBody() {
        HttpResponse<String> notification = post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        assertEquals(202, notification.statusCode());
        assertEquals("", notification.body());
        HttpResponse<String> response = post("{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{}}");
        assertEquals(202, response.statusCode());
        HttpResponse<String> errorResponse = post("{\"jsonrpc\":\"2.0\",\"id\":9,\"error\":{\"code\":-1,\"message\":\"x\"}}");
        assertEquals(202, errorResponse.statusCode());
        assertEquals(202, post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":77}}")
                .statusCode());
    }

    @Test
    void protocolVersionHeaderIsValidated() {
        error(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "MCP-Protocol-Version", "2099-01-01"), 400, -32600);
        error(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "MCP-Protocol-Version", "banana"), 400, -32600);
        for (String version : ProtocolVersions.SUPPORTED) {
            HttpResponse<String> ok = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "MCP-Protocol-Version", version);
            assertEquals(200, ok.statusCode(), version + ": " + ok.body());
            assertTrue(Http.json(ok).get("result").isObject());
        }
    }

    @Test
    void initializeAnswersTheClientsVersionWhenSupportedElseTheLatest() {
        for (String version : ProtocolVersions.SUPPORTED) {
            assertEquals(version, initialize(version).get("result").get("protocolVersion").asText());
        }
        assertEquals("2025-11-25", initialize("2099-01-01").get("result").get("protocolVersion").asText());
        assertEquals("2025-11-25", initialize("1.0").get("result").get("protocolVersion").asText());
        JsonNode result = initialize("2025-11-25").get("result");
        assertTrue(result.get("capabilities").has("logging"));
        assertTrue(result.get("instructions").asText().contains("$ilike"), "the filter language is explained once");
    }

    private JsonNode initialize(String version) {
        HttpResponse<String> response = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                + "\"protocolVersion\":\"" + version + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response);
    }

    @Test
    void batchesOnlyUnder20250326() {
        String batch = "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"nope\"}]";
        HttpResponse<String> answered = post(batch, "MCP-Protocol-Version", "2025-03-26");
        assertEquals(200, answered.statusCode(), answered.body());
        JsonNode answers = Http.json(answered);
        assertEquals(3, answers.size(), "one answer per request, none for the notification");
        assertEquals(1, answers.get(0).get("id").asInt());
        assertTrue(answers.get(1).get("result").get("tools").isArray());
        assertEquals(-32601, answers.get(2).get("error").get("code").asInt());
        assertEquals(200, post(batch).statusCode(), "no header: 2025-03-26, which has batches");
        assertEquals(202, post("[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}]").statusCode());
        error(post("[]", "MCP-Protocol-Version", "2025-03-26"), 400, -32600);
        for (String version : new String[]{"2024-11-05", "2025-06-18", "2025-11-25"}) {
            error(post(batch, "MCP-Protocol-Version", version), 400, -32600);
        }
        JsonNode initInBatch = Http.json(post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}]"));
        assertEquals(-32600, initInBatch.get(0).get("error").get("code").asInt());
    }

    @Test
    void otherHttpMethodsAreRefusedAsJsonRpc() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (String method : new String[]{"GET", "DELETE", "PUT", "PATCH"}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + "/mcp"))
                    .header("Accept", ACCEPT).header("Content-Type", "application/json");
            request.method(method, method.equals("GET") || method.equals("DELETE")
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertNoLeak(response);
            error(response, 405, -32600);
            assertEquals("POST", response.headers().firstValue("Allow").orElse(""), method);
        }
    }

    @Test
    void aBodyThatIsNotDeclaredJsonIsStillReadAsJsonRpc() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.getURL() + "/mcp")).header("Accept", ACCEPT).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertNoLeak(response);
        assertEquals(200, response.statusCode(), response.body());
    }
}
