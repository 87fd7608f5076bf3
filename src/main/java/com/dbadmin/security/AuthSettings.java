package com.dbadmin.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.List;
import java.util.Objects;

/**
 * db-admin.auth.*: how HTTP and Lambda callers prove who they are. Authentication is on as soon as
 * one credential source is configured (a JWT secret, a JWKS URL or API keys); with none, the server
 * trusts its callers and therefore listens on loopback only (see {@link BindAddressGuard}).
 *
 * @param apiKeys              DB_ADMIN_API_KEYS as configured ({@code name:sha256hex:scopes,...}); null when it
 *                             holds no entry. Parsed once here, so a malformed entry stops start-up with a
 *                             message naming it
 * @param publicUrl            the externally visible base URL (https://db-admin.example.com); derived from the
 *                             request when unset
 * @param authorizationServers authorization servers for the protected-resource metadata; empty: the issuer
 * @param apiGatewayAuthorizer the HTTP function sits behind an API Gateway JWT authorizer: the caller is the
 *                             authorizer's verified claims (read from the Lambda event, never from a header),
 *                             and a request without them is refused instead of being trusted
 * @param trustedProxies       addresses or CIDR ranges of reverse proxies whose X-Forwarded-Proto/Host/Port
 *                             headers name the public URL when publicUrl is unset (DB_ADMIN_TRUSTED_PROXIES)
 */
@Context // bound at start-up, so a malformed DB_ADMIN_API_KEYS stops the server at once
@ConfigurationProperties("db-admin.auth")
record AuthSettings(
        @Nullable String jwtSecret,
        @Nullable String jwksUrl,
        @Nullable String issuer,
        @Nullable String audience,
        @Nullable String apiKeys,
        @Bindable(defaultValue = "false") boolean allowUnauthenticatedRemote,
        @Nullable String publicUrl,
        @Nullable @Bindable(defaultValue = "") List<String> authorizationServers,
        @Nullable @Bindable(defaultValue = "") List<String> trustedProxies,
        @Bindable(defaultValue = "false") boolean apiGatewayAuthorizer) {

    /** Shortest HS256 secret nimbus accepts (256 bits). */
    public static final int MIN_SECRET_BYTES = 32;

    AuthSettings {
        apiKeys = ApiKeys.parse(apiKeys).isEmpty() ? null : apiKeys;
        authorizationServers = authorizationServers == null ? List.of()
                : authorizationServers.stream().filter(Objects::nonNull).map(String::trim)
                        .filter(server -> !server.isEmpty()).toList();
        trustedProxies = trustedProxies == null ? List.of() : trustedProxies.stream().filter(Objects::nonNull).toList();
        TrustedProxies.parse(trustedProxies);
    }

    TrustedProxies parsedTrustedProxies() {
        return TrustedProxies.parse(trustedProxies);
    }

    boolean isEnabled() {
        return isJwtEnabled() || apiKeys != null;
    }

    /**
     * Whether an HTTP caller must be identified (by a credential we verify or by the API Gateway authorizer);
     * otherwise it is the trusted anonymous caller of a loopback-only server.
     */
    boolean requiresIdentity() {
        return isEnabled() || apiGatewayAuthorizer;
    }

    boolean isJwtEnabled() {
        return hasText(jwtSecret) || hasText(jwksUrl);
    }

    /** The configured API keys (none when DB_ADMIN_API_KEYS is unset). */
    ApiKeys parsedApiKeys() {
        return ApiKeys.parse(apiKeys);
    }

    /** Authorization servers for the protected-resource metadata: configured ones, else the issuer. */
    List<String> advertisedAuthorizationServers() {
        if (!authorizationServers.isEmpty()) {
            return authorizationServers;
        }
        return hasText(issuer) ? List.of(issuer.trim()) : List.of();
    }

    /** Keeps the JWT secret and the key hashes out of logs and error messages. */
    @Override
    public String toString() {
        return "AuthSettings[jwtSecret=" + (hasText(jwtSecret) ? "(set)" : "(unset)") + ", jwksUrl=" + jwksUrl
                + ", issuer=" + issuer + ", audience=" + audience + ", apiKeys=" + (apiKeys == null ? "(unset)" : "(set)")
                + ", allowUnauthenticatedRemote=" + allowUnauthenticatedRemote + ", publicUrl=" + publicUrl
                + ", authorizationServers=" + authorizationServers + ", trustedProxies=" + trustedProxies
                + ", apiGatewayAuthorizer=" + apiGatewayAuthorizer + "]";
    }

    static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
