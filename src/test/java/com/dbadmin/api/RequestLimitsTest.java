package com.dbadmin.api;

import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.Http;
import com.dbadmin.support.TestDatabase;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Bodies over the request size limit get 413 with DB_413_TOO_LARGE on REST and MCP, and change nothing. */
class RequestLimitsTest extends DatabaseTest {
    @Inject
    EmbeddedServer server;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("micronaut.server.max-request-size", "4096");
    }

    @Test
    void oversizedBodiesAre413WithTheStableCode() {
        Http http = new Http(server.getURL());
        String bio = "x".repeat(8000);
        long authors = TestDatabase.count("SELECT count(*) FROM authors");
        HttpResponse<String> rest = http.post("/api/db/insert",
                "{\"table\":\"authors\",\"data\":{\"name\":\"Big\",\"bio\":\"" + bio + "\"}}");
        assertEquals(413, rest.statusCode(), rest.body());
        assertEquals("DB_413_TOO_LARGE", Http.json(rest).get("error").get("code").asText());
        assertTrue(Http.json(rest).get("error").get("message").asText().contains("4096"));

        HttpResponse<String> mcp = http.mcp("tools/call", "{\"name\":\"db_insert_record\",\"arguments\":"
                + "{\"table\":\"authors\",\"data\":{\"name\":\"Big\",\"bio\":\"" + bio + "\"}}}");
        assertEquals(413, mcp.statusCode(), mcp.body());
        assertEquals("DB_413_TOO_LARGE", Http.json(mcp).get("error").get("code").asText());
        assertEquals(authors, TestDatabase.count("SELECT count(*) FROM authors"));

        HttpResponse<String> small = http.post("/api/db/query", "{\"table\":\"authors\",\"limit\":1}");
        assertEquals(200, small.statusCode(), "bodies under the limit still work");
    }
}
