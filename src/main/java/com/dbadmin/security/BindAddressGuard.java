package com.dbadmin.security;

import com.dbadmin.ops.logging.SecretRedactor;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The safe default: with no authentication configured the HTTP server may listen on loopback only.
 * Binding anywhere else (DB_ADMIN_BIND_HOST) without authentication stops start-up before the port is
 * opened, unless DB_ADMIN_ALLOW_UNAUTHENTICATED_REMOTE=true says the network in front is trusted.
 * Runs when the HTTP server bean is created, so stdio and Lambda are unaffected.
 */
@Singleton
class BindAddressGuard implements BeanCreatedEventListener<EmbeddedServer> {
    private static final Logger LOG = LoggerFactory.getLogger(BindAddressGuard.class);

    private final AuthSettings auth;
    private final String host;

    BindAddressGuard(AuthSettings auth, HttpServerConfiguration server) {
        this.auth = auth;
        this.host = server.getHost().orElse(null);
    }

    @Override
    public EmbeddedServer onCreated(BeanCreatedEvent<EmbeddedServer> event) {
        check(host, auth.isEnabled(), auth.allowUnauthenticatedRemote());
        describe();
        return event.getBean();
    }

    /**
     * @throws IllegalStateException when the server would accept unauthenticated callers from the network
     */
    public static void check(String host, boolean authEnabled, boolean allowRemote) {
        if (authEnabled || allowRemote || isLoopback(host)) {
            return;
        }
        throw new IllegalStateException("Refusing to listen on '" + (host == null || host.isBlank() ? "all interfaces" : host)
                + "' without authentication. Configure DB_ADMIN_JWT_SECRET, DB_ADMIN_JWKS_URL or DB_ADMIN_API_KEYS,"
                + " bind to 127.0.0.1 (DB_ADMIN_BIND_HOST), or set DB_ADMIN_ALLOW_UNAUTHENTICATED_REMOTE=true"
                + " if a trusted proxy in front authenticates callers.");
    }

    public static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host.trim())) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private void describe() {
        if (!auth.isEnabled()) {
            if (isLoopback(host)) {
                LOG.info("No authentication configured: HTTP listens on {} (loopback) only and local callers have"
                        + " every scope. Set DB_ADMIN_JWT_SECRET, DB_ADMIN_JWKS_URL or DB_ADMIN_API_KEYS to serve"
                        + " other hosts.", host);
            } else {
                LOG.warn("No authentication configured and HTTP listens on '{}' because"
                        + " DB_ADMIN_ALLOW_UNAUTHENTICATED_REMOTE=true: every caller that reaches the port has every"
                        + " scope.", host);
            }
            return;
        }
        StringBuilder methods = new StringBuilder();
        if (AuthSettings.hasText(auth.jwtSecret())) {
            methods.append("JWT (HS256 shared secret) ");
        }
        if (AuthSettings.hasText(auth.jwksUrl())) {
            methods.append("JWT (JWKS ").append(SecretRedactor.redact(auth.jwksUrl().trim())).append(") ");
        }
        if (auth.apiKeys() != null) {
            methods.append("API keys ");
        }
        LOG.info("Authentication required on /mcp and /api: {}", methods.toString().trim());
        if (!AuthSettings.hasText(auth.publicUrl())) {
            LOG.warn("DB_ADMIN_PUBLIC_URL is not set: 401 answers and the protected-resource metadata name the"
                    + " address a connection arrived at (or what a proxy in DB_ADMIN_TRUSTED_PROXIES forwards)."
                    + " Set it to the URL MCP clients use.");
        }
        if (auth.isJwtEnabled() && !AuthSettings.hasText(auth.audience())) {
            LOG.warn("DB_ADMIN_JWT_AUDIENCE is not set: tokens issued for other services are accepted too."
                    + " The MCP authorization spec expects servers to check the audience.");
        }
    }
}
