package com.dbadmin.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;

/**
 * Accepts a configured API key presented as a bearer token. It is one more micronaut-security
 * {@link TokenValidator}, so the HTTP security filter and {@link TokenCallerAuthenticator} (Lambda)
 * both accept keys exactly as they accept JWTs.
 */
@Singleton
class ApiKeyTokenValidator implements TokenValidator<HttpRequest<?>> {
    /** Attribute naming how the caller authenticated ("api_key"; JWT callers have none). */
    public static final String AUTH_METHOD = "auth_method";

    private final ApiKeys keys;

    public ApiKeyTokenValidator(AuthSettings settings) {
        this.keys = settings.parsedApiKeys();
    }

    @Override
    public Publisher<Authentication> validateToken(String token, @Nullable HttpRequest<?> request) {
        return Mono.justOrEmpty(keys.match(token)
                .map(key -> Authentication.build(key.name(), List.of(), Map.of(
                        CallerScopes.SCOPE_CLAIM, String.join(" ", key.scopes()),
                        AUTH_METHOD, "api_key"))));
    }
}
