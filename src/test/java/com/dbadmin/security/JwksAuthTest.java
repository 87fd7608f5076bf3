package com.dbadmin.security;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.Transport;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.Http;
import com.dbadmin.support.McpClients;
import com.dbadmin.support.Tokens;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.modelcontextprotocol.client.McpSyncClient;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Tokens verified against a JSON Web Key Set fetched over HTTP (DB_ADMIN_JWKS_URL), as with an
 * identity provider: the provider's keys are accepted, anything else is not.
 */
class JwksAuthTest extends DatabaseTest {
    private static final RSAKey PROVIDER_KEY = Tokens.rsaKey("provider-key-1");
    private static final RSAKey FORGED_KEY = Tokens.rsaKey("provider-key-1");
    private static HttpServer jwks;

    @Inject
    EmbeddedServer server;
    @Inject
    CallerAuthenticator authenticator;
    Http http;

    static {
        try {
            jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = new JWKSet(PROVIDER_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of(
                "db-admin.auth.jwks-url", "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json",
                "db-admin.auth.issuer", Tokens.ISSUER,
                "db-admin.auth.audience", Tokens.AUDIENCE);
    }

    @BeforeAll
    void setUp() {
        http = new Http(server.getURL());
    }

    @AfterAll
    void stopJwks() {
        jwks.stop(0);
    }

    @Test
    void providerSignedTokensAreAcceptedOnEveryDoor() {
        String token = Tokens.rs256(PROVIDER_KEY, Tokens.claims("idp-user", "db:read").build());
        assertEquals(200, http.post("/api/db/query", "{\"table\":\"books\",\"limit\":1}", Http.bearer(token)).statusCode());
        McpSyncClient client = McpClients.http(server.getURL(), b -> b.header("Authorization", "Bearer " + token));
        try {
            client.initialize();
            assertFalse(client.listTools().tools().isEmpty());
        } finally {
            client.close();
        }
        CallContext caller = authenticator.authenticate(token, Transport.LAMBDA, null, null, null);
        assertEquals("jwt:idp-user", caller.principal());
    }

    @Test
    void tokensNotSignedByTheProviderAreRefused() {
        String forged = Tokens.rs256(FORGED_KEY, Tokens.claims("mallory", "db:admin").build());
        String sharedSecret = Tokens.hs256("mallory", "db:admin");
        String unsigned = Tokens.unsigned("mallory", "db:admin");
        String wrongAudience = Tokens.rs256(PROVIDER_KEY, Tokens.claims("idp-user", "db:read").audience("other").build());
        for (String token : new String[]{forged, sharedSecret, unsigned, wrongAudience}) {
            assertEquals(401, http.post("/api/db/query", "{\"table\":\"books\"}", Http.bearer(token)).statusCode());
            assertEquals(401, http.mcp("tools/list", null, Http.bearer(token)).statusCode());
            assertThrows(ToolException.class, () -> authenticator.authenticate(token, Transport.LAMBDA, null, null, null));
        }
    }
}
