package com.dbadmin.function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import io.micronaut.servlet.http.ServletHttpRequest;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The caller of the HTTP function behind API Gateway (HTTP API, payload 2.0): the claims its JWT authorizer
 * verified, {@code requestContext.authorizer.jwt.claims}. The principal is its subject, which the caller
 * resolver turns into {@code jwt:<sub>} like every verified JWT subject; scopes come from the {@code scope} and {@code scp} claims like a token's, plus
 * the route's authorization scopes the authorizer matched.
 *
 * <p>Trust comes from where the claims are read: the Lambda event object itself, which only the Lambda runtime
 * builds from what API Gateway sends. Requests of the Netty server are never such events, and no header is
 * read here, so no HTTP client can claim an identity this way (micronaut's own fetcher, which also reads
 * {@code x-amzn-oidc-identity}, stays replaced). A request without claims (a public route, or a function
 * invoked without the authorizer) yields no identity, and the security rules then refuse it.
 */
@Singleton
@Requires(env = "lambda")
@Requires(classes = APIGatewayV2HTTPEvent.class)
class ApiGatewayAuthorizerFetcher implements AuthenticationFetcher<HttpRequest<?>> {
    /** Authentication attribute the caller's scopes are read from (as for a verified token). */
    static final String SCOPE_ATTRIBUTE = "scope";
    /** Marks the identity as the API Gateway JWT authorizer's (a verified JWT subject). */
    static final String AUTHORIZER_ATTRIBUTE = "authorizer";
    static final String AUTHORIZER = "api-gateway";

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        if (!(request instanceof ServletHttpRequest<?, ?> servlet)
                || !(servlet.getNativeRequest() instanceof APIGatewayV2HTTPEvent event)) {
            return Publishers.empty();
        }
        Authentication caller = fromEvent(event);
        return caller == null ? Publishers.empty() : Publishers.just(caller);
    }

    /** The authorizer's caller, or null when the event carries no verified subject. */
    static Authentication fromEvent(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        if (context == null || context.getAuthorizer() == null || context.getAuthorizer().getJwt() == null) {
            return null;
        }
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = context.getAuthorizer().getJwt();
        Map<String, String> claims = jwt.getClaims() == null ? Map.of() : jwt.getClaims();
        String subject = claims.get("sub");
        if (subject == null || subject.isBlank()) {
            return null;
        }
        Set<String> scopes = new LinkedHashSet<>();
        scopes.addAll(claimValues(claims.get("scope")));
        scopes.addAll(claimValues(claims.get("scp")));
        if (jwt.getScopes() != null) {
            jwt.getScopes().stream().filter(scope -> scope != null && !scope.isBlank()).forEach(scopes::add);
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(SCOPE_ATTRIBUTE, List.copyOf(scopes));
        putIfPresent(attributes, "iss", claims.get("iss"));
        putIfPresent(attributes, "client_id", claims.get("client_id"));
        attributes.put(AUTHORIZER_ATTRIBUTE, AUTHORIZER);
        return Authentication.build(subject.trim(), List.of(), attributes);
    }

    /**
     * A claim as API Gateway passes it: always a string, with arrays flattened to {@code [a b]} (or JSON-like
     * {@code ["a","b"]} from some issuers). Split by hand: the text is the caller's and must not reach a regex.
     */
    static List<String> claimValues(String claim) {
        List<String> values = new ArrayList<>();
        if (claim == null) {
            return values;
        }
        StringBuilder current = new StringBuilder();
        for (int i = 0; i <= claim.length(); i++) {
            char c = i == claim.length() ? ' ' : claim.charAt(i);
            boolean separator = Character.isWhitespace(c) || c == ',' || c == '[' || c == ']' || c == '"';
            if (!separator) {
                current.append(c);
            } else if (!current.isEmpty()) {
                values.add(current.toString());
                current.setLength(0);
            }
        }
        return values;
    }

    private static void putIfPresent(Map<String, Object> attributes, String name, String value) {
        if (value != null && !value.isBlank()) {
            attributes.put(name, value);
        }
    }
}
