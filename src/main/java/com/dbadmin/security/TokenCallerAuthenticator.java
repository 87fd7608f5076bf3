package com.dbadmin.security;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.Transport;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.List;

/**
 * Verifies a bearer credential presented outside the HTTP security filter (a token inside a Lambda
 * event) with the very {@link TokenValidator} beans the filter uses: JWT signature (secret or JWKS),
 * expiry, issuer, audience, and API keys. With no authentication configured every caller is trusted
 * and gets all scopes, as on loopback HTTP and stdio.
 */
@Singleton
class TokenCallerAuthenticator implements CallerAuthenticator {
    private static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(10);
    private static final String BEARER_PREFIX = "bearer ";

    private final AuthSettings settings;
    private final List<TokenValidator<HttpRequest<?>>> validators;
    private final CallerScopes scopes;

    TokenCallerAuthenticator(AuthSettings settings, List<TokenValidator<HttpRequest<?>>> validators,
                             CallerScopes scopes) {
        this.settings = settings;
        this.validators = validators;
        this.scopes = scopes;
    }

    @Override
    public boolean isEnabled() {
        return settings.isEnabled();
    }

    @Override
    public CallContext authenticate(String bearer, Transport transport, String clientAddress, String userAgent,
                                    String requestId) {
        if (!settings.isEnabled()) {
            return scopes.trustedAnonymous(transport, clientAddress, userAgent, requestId);
        }
        String token = stripScheme(bearer);
        if (token == null) {
            throw new ToolException(ErrorCode.DB_401_UNAUTHENTICATED,
                    "Authentication required: send a bearer token (a JWT or an API key).");
        }
        Authentication authentication = Flux.fromIterable(validators)
                .concatMap(validator -> validator.validateToken(token, null))
                .next()
                .onErrorResume(e -> reactor.core.publisher.Mono.empty())
                .block(VALIDATION_TIMEOUT);
        if (authentication == null) {
            throw new ToolException(ErrorCode.DB_401_UNAUTHENTICATED,
                    "The bearer token is invalid or expired; obtain a new one.");
        }
        return scopes.authenticated(authentication, transport, clientAddress, userAgent, requestId);
    }

    private static String stripScheme(String bearer) {
        if (bearer == null) {
            return null;
        }
        String value = bearer.trim();
        if (value.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
            value = value.substring(BEARER_PREFIX.length()).trim();
        }
        return value.isEmpty() ? null : value;
    }
}
