package com.dbadmin.http;

import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.RawHttp;
import com.dbadmin.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * DNS rebinding: with no authentication (every local caller has every scope) a web page that makes its
 * own name resolve to 127.0.0.1 must not reach any endpoint. Every endpoint refuses a Host or Origin
 * naming another host with 403 and a short JSON body, and serves the names a local client or a probe
 * uses. The official MCP conformance scenario (dns-rebinding-protection) checks the /mcp half of this.
 */
class HostOriginTest extends DatabaseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    @Inject
    EmbeddedServer server;
    RawHttp http;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("db-admin.http.allowed-hosts", "db-admin.internal, Tools.Example.COM");
    }

    @BeforeAll
    void setUp() {
        http = new RawHttp(server.getURL());
    }

    /** One request to each kind of endpoint, with the given extra headers. */
    private List<RawHttp.Response> everyEndpoint(String... headers) {
        return List.of(
                http.send("POST", "/mcp", INITIALIZE.getBytes(), with(headers, "Content-Type", "application/json",
                        "Accept", "application/json, text/event-stream")),
                http.post("/api/db/query", "{\"table\":\"books\",\"limit\":1}", headers),
                http.post("/api/tools/db_list_tables", "{}", headers),
                http.get("/api/tools", headers),
                http.get("/health", headers),
                http.get("/health/liveness", headers),
                http.get("/health/readiness", headers),
                http.get("/prometheus", headers),
                http.get("/.well-known/oauth-protected-resource", headers),
                http.get("/.well-known/oauth-protected-resource/mcp", headers));
    }

    @Test
    void anotherHostNameIsRefusedOnEveryEndpoint() throws Exception {
        long auditRows = TestDatabase.count("SELECT count(*) FROM dbadmin.audit_log");
        for (String host : List.of("evil.example.com", "rebind.evil.example:3010", "localhost.evil.example",
                "127.0.0.1.nip.io", "db-admin.internal.evil.example", "LOCALHOST.evil", "[::1].evil", "x:" + server.getPort())) {
            for (RawHttp.Response response : everyEndpoint("Host", host)) {
                assertRefused(response, host);
            }
        }
        assertEquals(auditRows, TestDatabase.count("SELECT count(*) FROM dbadmin.audit_log"), "no tool ran");
    }

    @Test
    void aPageFromAnotherOriginIsRefusedEvenWhenItNamesTheServerCorrectly() throws Exception {
        for (String origin : List.of("http://evil.example.com", "https://evil.example.com:3010", "null",
                "http://10.0.0.8:8080", "file://", "http://db-admin.internal.evil.example")) {
            for (RawHttp.Response response : everyEndpoint("Host", "localhost:" + server.getPort(), "Origin", origin)) {
                assertRefused(response, origin);
            }
        }
    }

    @Test
    void localNamesIpLiteralsAndConfiguredHostsAreServed() {
        int port = server.getPort();
        for (String host : List.of("localhost:" + port, "LOCALHOST:" + port, "localhost", "127.0.0.1:" + port,
                "[::1]:" + port, "10.1.2.3:" + port, "db-admin.internal", "tools.example.com:443")) {
            for (RawHttp.Response response : everyEndpoint("Host", host)) {
                assertNotEquals(403, response.status(), host + ": " + response.body());
                assertTrue(response.status() < 500, host + ": " + response.status());
            }
        }
        // A page of an allowed host calling the server under that same name (a reverse proxy's name, a local
        // web client); cross-origin requests are Micronaut's CORS business and stay off by default.
        for (String[] pair : List.of(new String[]{"http://localhost:5173", "localhost:" + port},
                new String[]{"http://127.0.0.1:6274", "127.0.0.1:" + port},
                new String[]{"https://db-admin.internal", "db-admin.internal"},
                new String[]{"https://tools.example.com", "tools.example.com"})) {
            for (RawHttp.Response response : everyEndpoint("Host", pair[1], "Origin", pair[0])) {
                assertNotEquals(403, response.status(), pair[0] + ": " + response.body());
            }
        }
        RawHttp.Response mcp = http.send("POST", "/mcp", INITIALIZE.getBytes(), "Host", "127.0.0.1:" + port,
                "Content-Type", "application/json", "Accept", "application/json, text/event-stream");
        assertEquals(200, mcp.status(), mcp.body());
    }

    private static void assertRefused(RawHttp.Response response, String what) throws Exception {
        assertEquals(403, response.status(), what + ": " + response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("DB_403_ACCESS_DENIED", body.get("error").get("code").asText(), response.body());
        assertTrue(body.get("error").get("message").asText().contains("DB_ADMIN_ALLOWED_HOSTS"), response.body());
        assertTrue(response.body().length() < 400, "short body: " + response.body());
        assertFalse(response.body().contains("books") || response.body().contains("tools\""), response.body());
    }

    private static String[] with(String[] headers, String... more) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + more.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }
}
