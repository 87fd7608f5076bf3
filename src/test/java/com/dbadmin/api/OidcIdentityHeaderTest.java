package com.dbadmin.api;

import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.Tokens;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * micronaut-function-aws-api-proxy (on the classpath for the Lambda HTTP function) brings an
 * AuthenticationFetcher that, once micronaut-security is present, accepts an {@code x-amzn-oidc-identity}
 * header as the caller. Behind an ALB that header is set by AWS; on the Netty server anyone can send it, so
 * it must never authenticate a request here.
 */
class OidcIdentityHeaderTest extends DatabaseTest {
    @Inject
    EmbeddedServer server;

    @Override
    protected Map<String, String> extraProperties() {
        return Tokens.authenticatedServer();
    }

    @Test
    void aForgedOidcIdentityHeaderIsNotAnIdentity() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.getURL() + "/api/db/query"))
                .header("Content-Type", "application/json")
                .header("x-amzn-oidc-identity", "intruder")
                .POST(HttpRequest.BodyPublishers.ofString("{\"table\":\"books\",\"limit\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, response.statusCode(), response.body());
    }
}
