package com.dbadmin.security;

import com.dbadmin.support.RawHttp;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The URLs MCP clients follow with their tokens ({@code WWW-Authenticate: ... resource_metadata="..."} and
 * the metadata's {@code resource}) come from DB_ADMIN_PUBLIC_URL, or from X-Forwarded-* headers of the
 * proxies in DB_ADMIN_TRUSTED_PROXIES, and never from what a caller puts into Host or X-Forwarded-*.
 */
class ResourceMetadataUrlTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Headers a caller forges to make the server advertise a URL of its choosing. */
    private static final List<String[]> FORGED = List.of(
            new String[]{"Host", "203.0.113.7:443"},
            new String[]{"Host", "203.0.113.7", "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https"},
            new String[]{"X-Forwarded-Host", "javascript://alert(1)//", "X-Forwarded-Proto", "javascript"},
            new String[]{"Forwarded", "host=evil.example;proto=https", "X-Forwarded-Port", "666"});

    private static EmbeddedServer start(Map<String, String> extra) {
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties());
        properties.put("db-admin.auth.jwt-secret", Tokens.SECRET);
        properties.put("db-admin.auth.issuer", Tokens.ISSUER);
        properties.putAll(extra);
        return ApplicationContext.run(EmbeddedServer.class, properties);
    }

    /** The challenge of a 401 and the resource of both metadata documents, as one caller sees them. */
    private static List<String> advertised(RawHttp http, String... headers) throws Exception {
        RawHttp.Response unauthorized = http.post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", headers);
        assertEquals(401, unauthorized.status(), unauthorized.body());
        String challenge = unauthorized.header("WWW-Authenticate");
        String metadata = challenge.substring(challenge.indexOf("resource_metadata=\"") + 19);
        metadata = metadata.substring(0, metadata.indexOf('"'));
        String server = JSON.readTree(http.get("/.well-known/oauth-protected-resource", headers).body()).get("resource").asText();
        String mcp = JSON.readTree(http.get("/.well-known/oauth-protected-resource/mcp", headers).body()).get("resource").asText();
        return List.of(metadata, server, mcp);
    }

    @Test
    void withoutConfigurationTheAddressTheConnectionArrivedAtIsAdvertised() throws Exception {
        try (EmbeddedServer server = start(Map.of())) {
            RawHttp http = new RawHttp(server.getURL());
            String base = "http://127.0.0.1:" + server.getPort();
            List<String> expected = List.of(base + "/.well-known/oauth-protected-resource/mcp", base, base + "/mcp");
            assertEquals(expected, advertised(http));
            for (String[] forged : FORGED) {
                assertEquals(expected, advertised(http, forged), String.join(" ", forged));
            }
        }
    }

    @Test
    void thePublicUrlWinsOverEveryHeader() throws Exception {
        try (EmbeddedServer server = start(Map.of("db-admin.auth.public-url", "https://db-admin.example.com/",
                "db-admin.http.public-url", "https://db-admin.example.com/"))) {
            RawHttp http = new RawHttp(server.getURL());
            String base = "https://db-admin.example.com";
            List<String> expected = List.of(base + "/.well-known/oauth-protected-resource/mcp", base, base + "/mcp");
            assertEquals(expected, advertised(http));
            for (String[] forged : FORGED) {
                assertEquals(expected, advertised(http, forged), String.join(" ", forged));
            }
        }
    }

    @Test
    void forwardedHeadersCountOnlyFromTrustedProxiesAndOnlyWhenTheyNameAPlainHost() throws Exception {
        try (EmbeddedServer trusting = start(Map.of("db-admin.auth.trusted-proxies", "10.0.0.0/8, 127.0.0.1"));
             EmbeddedServer distrusting = start(Map.of("db-admin.auth.trusted-proxies", "10.0.0.0/8, ::2"))) {
            String[] proxy = {"X-Forwarded-Host", "db.example.com", "X-Forwarded-Proto", "https"};
            assertEquals("https://db.example.com/mcp", advertised(new RawHttp(trusting.getURL()), proxy).get(2));
            assertEquals("http://db.example.com:8080/mcp", advertised(new RawHttp(trusting.getURL()),
                    "X-Forwarded-Host", "db.example.com", "X-Forwarded-Proto", "http", "X-Forwarded-Port", "8080").get(2));
            String own = "http://127.0.0.1:" + trusting.getPort() + "/mcp";
            for (String[] invalid : List.of(new String[]{"X-Forwarded-Host", "javascript://alert(1)//", "X-Forwarded-Proto", "https"},
                    new String[]{"X-Forwarded-Host", "db.example.com", "X-Forwarded-Proto", "javascript"},
                    new String[]{"X-Forwarded-Host", "user@db.example.com", "X-Forwarded-Proto", "https"},
                    new String[]{"X-Forwarded-Host", "db.example.com/path?x", "X-Forwarded-Proto", "https"})) {
                assertEquals(own, advertised(new RawHttp(trusting.getURL()), invalid).get(2), String.join(" ", invalid));
            }
            assertEquals("http://127.0.0.1:" + distrusting.getPort() + "/mcp",
                    advertised(new RawHttp(distrusting.getURL()), proxy).get(2), "127.0.0.1 is not a trusted proxy there");
        }
    }

    @Test
    void aMalformedTrustedProxyEntryStopsStartUp() {
        Exception refused = assertThrows(Exception.class, () -> start(Map.of("db-admin.auth.trusted-proxies", "proxy.internal")));
        String message = String.valueOf(refused.getMessage()) + refused.getCause();
        assertTrue(message.contains("DB_ADMIN_TRUSTED_PROXIES"), message);
    }
}
