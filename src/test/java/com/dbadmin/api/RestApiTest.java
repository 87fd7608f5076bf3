package com.dbadmin.api;

import com.dbadmin.support.DatabaseTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.*;

/** The record routes older HTTP clients call, and the generic per-tool route. */
class RestApiTest extends DatabaseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.getURL() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void queryRouteMatchesTheGenericToolRoute() throws Exception {
        String args = "{\"table\":\"books\",\"columns\":[\"id\",\"title\"],\"where\":{\"status\":\"drafting\"},"
                + "\"order_by\":[{\"column\":\"id\"}],\"limit\":5}";
        HttpResponse<String> legacy = post("/api/db/query", args);
        HttpResponse<String> generic = post("/api/tools/db_query_records", args);
        assertEquals(200, legacy.statusCode(), legacy.body());
        JsonNode body = JSON.readTree(legacy.body());
        assertEquals(5, body.get("records").size());
        assertEquals(body, JSON.readTree(generic.body()));
    }

    @Test
    void errorsMapToHttpStatuses() throws Exception {
        assertEquals(404, post("/api/db/query", "{\"table\":\"nope\"}").statusCode());
        assertEquals(404, post("/api/db/query", "{\"table\":\"users\"}").statusCode(), "a restricted table answers like an unknown one");
        HttpResponse<String> invalid = post("/api/db/query", "{\"table\":1}");
        assertEquals(400, invalid.statusCode());
        assertEquals("DB_400_VALIDATION", JSON.readTree(invalid.body()).get("error").get("code").asText());
        assertEquals(404, post("/api/tools/db_no_such_tool", "{}").statusCode());
        HttpResponse<String> malformed = post("/api/db/query", "{not json");
        assertEquals(400, malformed.statusCode());
        assertFalse(malformed.body().contains("Exception"), malformed.body());
    }

    @Test
    void insertUpdateDeleteRoundTrip() throws Exception {
        HttpResponse<String> inserted = post("/api/db/insert",
                "{\"table\":\"authors\",\"data\":{\"name\":\"Rest Author\",\"email\":\"rest-author@example.com\"}}");
        assertEquals(200, inserted.statusCode(), inserted.body());
        long id = JSON.readTree(inserted.body()).get("record").get("id").asLong();
        HttpResponse<String> updated = post("/api/db/update",
                "{\"table\":\"authors\",\"data\":{\"bio\":\"updated\"},\"where\":{\"id\":" + id + "}}");
        assertEquals(1, JSON.readTree(updated.body()).get("updated_count").asInt());
        HttpResponse<String> deleted = post("/api/db/delete", "{\"table\":\"authors\",\"where\":{\"id\":" + id + "}}");
        assertEquals(1, JSON.readTree(deleted.body()).get("deleted_count").asInt());
        post("/api/db/insert", "{\"table\":\"authors\",\"data\":{\"name\":\"Dup\",\"email\":\"dup@example.com\"}}");
        HttpResponse<String> conflict = post("/api/db/insert",
                "{\"table\":\"authors\",\"data\":{\"name\":\"Dup\",\"email\":\"dup@example.com\"}}");
        assertEquals(409, conflict.statusCode(), conflict.body());
        assertEquals("DB_409_CONFLICT", JSON.readTree(conflict.body()).get("error").get("code").asText());
    }
}
