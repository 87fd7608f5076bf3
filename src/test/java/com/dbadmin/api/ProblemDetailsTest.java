package com.dbadmin.api;

import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.Http;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every REST error is an RFC 9457 problem (application/problem+json) with our stable code, whether a tool
 * refused the call or the framework did (no route, wrong method, unacceptable Accept, unsupported
 * Content-Type, unreadable JSON); MCP keeps JSON-RPC bodies.
 */
class ProblemDetailsTest extends DatabaseTest {
    @Inject
    EmbeddedServer server;

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path, String contentType, String accept, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode assertProblem(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                response.headers().map().toString());
        JsonNode problem = Http.json(response);
        assertEquals(status, problem.get("status").asInt(), response.body());
        assertEquals(code, problem.get("code").asText(), response.body());
        assertEquals("urn:database-admin-server:error:" + code, problem.get("type").asText());
        assertFalse(problem.get("title").asText().isBlank());
        assertFalse(problem.get("detail").asText().isBlank());
        assertEquals(code, problem.at("/error/code").asText(), "the earlier error object is still there");
        assertFalse(response.body().contains("_links"), "not Micronaut's vnd.error: " + response.body());
        assertFalse(response.body().contains("at com.") || response.body().contains("Exception"), response.body());
        return problem;
    }

    @Test
    void toolErrorsAreProblems() throws Exception {
        JsonNode missing = assertProblem(send("POST", "/api/tools/db_query_records", "application/json", null,
                "{\"table\":\"no_such_table\"}"), 404, "DB_404_NOT_FOUND");
        assertEquals("/api/tools/db_query_records", missing.get("instance").asText());
        JsonNode invalid = assertProblem(send("POST", "/api/db/query", "application/json", null, "{\"limit\":\"x\"}"),
                400, "DB_400_VALIDATION");
        assertTrue(invalid.get("violations").isArray() && !invalid.get("violations").isEmpty(), invalid.toString());
        assertProblem(send("POST", "/api/tools/db_nope", "application/json", null, "{}"), 404, "DB_404_NOT_FOUND");
        HttpResponse<String> ok = send("POST", "/api/db/query", "application/json", null, "{\"table\":\"authors\",\"limit\":1}");
        assertEquals(200, ok.statusCode());
        assertTrue(ok.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    @Test
    void frameworkErrorsAreProblemsToo() throws Exception {
        assertProblem(send("GET", "/api/no/such/route", null, null, null), 404, "DB_404_NOT_FOUND");
        assertProblem(send("GET", "/nothing-here", null, null, null), 404, "DB_404_NOT_FOUND");
        assertProblem(send("GET", "/api/tools/db_query_records", null, null, null), 405, "DB_400_VALIDATION");
        assertProblem(send("POST", "/api/tools/db_list_tables", "application/json", "text/csv", "{}"), 406, "DB_400_VALIDATION");
        assertProblem(send("POST", "/api/tools/db_list_tables", "text/plain", null, "{}"), 415, "DB_400_VALIDATION");
        JsonNode unreadable = assertProblem(send("POST", "/api/tools/db_list_tables", "application/json", null, "{\"limit\":"),
                400, "DB_400_VALIDATION");
        assertTrue(unreadable.get("detail").asText().length() < 600, unreadable.toString());
    }

    @Test
    void mcpKeepsJsonRpcBodies() throws Exception {
        HttpResponse<String> get = send("GET", "/mcp", null, "application/json, text/event-stream", null);
        assertEquals(405, get.statusCode());
        assertEquals("2.0", Http.json(get).get("jsonrpc").asText(), get.body());
        HttpResponse<String> unknownUnderMcp = send("GET", "/mcp/anything", null, "application/json", null);
        assertEquals("2.0", Http.json(unknownUnderMcp).get("jsonrpc").asText(), unknownUnderMcp.body());
    }
}
