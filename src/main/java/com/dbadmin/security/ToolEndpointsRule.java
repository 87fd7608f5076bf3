package com.dbadmin.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Who may reach which HTTP path. With authentication configured (or, in Lambda, behind API Gateway's JWT
 * authorizer), {@code /mcp} and {@code /api/**} need a verified caller (scopes are then checked per tool by the guards) and the protected-resource
 * metadata is public. Management endpoints (health, metrics) are left to micronaut-security's
 * endpoint rule; any other path stays secured by default. With no authentication configured
 * everything is open, because the server then listens on loopback only.
 */
@Singleton
public class ToolEndpointsRule implements SecurityRule<HttpRequest<?>> {
    public static final int ORDER = -200;

    private final AuthSettings settings;

    public ToolEndpointsRule(AuthSettings settings) {
        this.settings = settings;
    }

    @Override
    public Publisher<SecurityRuleResult> check(@Nullable HttpRequest<?> request, @Nullable Authentication authentication) {
        if (!settings.requiresIdentity()) {
            return Mono.just(SecurityRuleResult.ALLOWED);
        }
        if (request == null) {
            return Mono.just(SecurityRuleResult.UNKNOWN);
        }
        String path = request.getPath();
        if (under(path, ProtectedResourceController.WELL_KNOWN) || isPublicPage(path)) {
            return Mono.just(SecurityRuleResult.ALLOWED);
        }
        if (under(path, "/mcp") || under(path, "/api")) {
            return Mono.just(authentication != null ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED);
        }
        return Mono.just(SecurityRuleResult.UNKNOWN);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /**
     * The console's and the documentation's static files and the OpenAPI description: they carry no data (the
     * console signs in and calls the API with a token), so a browser can load them before it has one.
     */
    static boolean isPublicPage(String path) {
        return path.equals("/") || under(path, "/console") || under(path, "/docs") || path.equals("/openapi.json");
    }

    static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
