package com.dbadmin.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;

import java.util.Arrays;
import java.util.List;

/**
 * db-admin.auth.*: how HTTP and Lambda callers prove who they are. Authentication is on as soon as
 * one credential source is configured (a JWT secret, a JWKS URL or API keys); with none, the server
 * trusts its callers and therefore listens on loopback only (see {@link BindAddressGuard}).
 */
@Context // bound at start-up, so a malformed DB_ADMIN_API_KEYS stops the server at once
@ConfigurationProperties("db-admin.auth")
class AuthSettings {
    /** Shortest HS256 secret nimbus accepts (256 bits). */
    public static final int MIN_SECRET_BYTES = 32;

    private String jwtSecret;
    private String jwksUrl;
    private String issuer;
    private String audience;
    private String apiKeys;
    private ApiKeys parsedApiKeys = ApiKeys.parse(null);
    private boolean allowUnauthenticatedRemote;
    private String publicUrl;
    private String authorizationServers;

    public boolean isEnabled() {
        return isJwtEnabled() || !parsedApiKeys.isEmpty();
    }

    public boolean isJwtEnabled() {
        return hasText(jwtSecret) || hasText(jwksUrl);
    }

    public String getJwtSecret() {
        return jwtSecret;
    }

    public void setJwtSecret(String jwtSecret) {
        this.jwtSecret = jwtSecret;
    }

    public String getJwksUrl() {
        return jwksUrl;
    }

    public void setJwksUrl(String jwksUrl) {
        this.jwksUrl = jwksUrl;
    }

    public String getIssuer() {
        return issuer;
    }

    public void setIssuer(String issuer) {
        this.issuer = issuer;
    }

    public String getAudience() {
        return audience;
    }

    public void setAudience(String audience) {
        this.audience = audience;
    }

    public String getApiKeys() {
        return apiKeys;
    }

    /** Parsed once here, so a malformed DB_ADMIN_API_KEYS stops start-up with a message naming the entry. */
    public void setApiKeys(String apiKeys) {
        this.parsedApiKeys = ApiKeys.parse(apiKeys);
        this.apiKeys = apiKeys;
    }

    public ApiKeys apiKeys() {
        return parsedApiKeys;
    }

    public boolean isAllowUnauthenticatedRemote() {
        return allowUnauthenticatedRemote;
    }

    public void setAllowUnauthenticatedRemote(boolean allowUnauthenticatedRemote) {
        this.allowUnauthenticatedRemote = allowUnauthenticatedRemote;
    }

    /** The externally visible base URL (https://db-admin.example.com); derived from the request when unset. */
    public String getPublicUrl() {
        return publicUrl;
    }

    public void setPublicUrl(String publicUrl) {
        this.publicUrl = publicUrl;
    }

    public String getAuthorizationServers() {
        return authorizationServers;
    }

    public void setAuthorizationServers(String authorizationServers) {
        this.authorizationServers = authorizationServers;
    }

    /** Authorization servers for the protected-resource metadata: configured ones, else the issuer. */
    public List<String> authorizationServerList() {
        if (hasText(authorizationServers)) {
            return Arrays.stream(authorizationServers.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        return hasText(issuer) ? List.of(issuer.trim()) : List.of();
    }

    static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
