package com.dbadmin.security;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.Transport;
import com.dbadmin.ops.logging.RequestIdFilter;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Set;

/**
 * Builds the {@link CallContext} of an HTTP request, for MCP over HTTP and REST alike: the principal
 * micronaut-security verified (JWT or API key) with its scopes, the client address, user agent and
 * request id. With no authentication configured (loopback-only by default) every caller is the
 * trusted anonymous principal with the local scopes (DB_ADMIN_LOCAL_SCOPES, all by default).
 */
@Singleton
public class HttpCallerResolver implements CallerResolver<HttpRequest<?>> {
    public static final String ANONYMOUS = CallerScopes.ANONYMOUS;
    private static final String MCP_PATH = "/mcp";

    private final AuthSettings auth;
    private final CallerScopes scopes;

    HttpCallerResolver(AuthSettings auth, CallerScopes scopes) {
        this.auth = auth;
        this.scopes = scopes;
    }

    /** MCP over HTTP for {@code /mcp}, REST for everything else. */
    @Override
    public CallContext resolve(HttpRequest<?> request) {
        Transport transport = request.getPath().startsWith(MCP_PATH) ? Transport.MCP_HTTP : Transport.REST;
        Principal principal = request.getUserPrincipal().orElse(null);
        String address = remoteAddress(request);
        String userAgent = request.getHeaders().get(HttpHeaders.USER_AGENT);
        String requestId = request.getHeaders().get(RequestIdFilter.HEADER);
        if (principal instanceof Authentication authentication) {
            return scopes.authenticated(authentication, transport, address, userAgent, requestId);
        }
        if (!auth.requiresIdentity()) {
            return scopes.trustedAnonymous(transport, address, userAgent, requestId);
        }
        // Authentication is on but this request carried none (the security rules normally stop it first).
        return new CallContext(ANONYMOUS, Set.of(), false, transport, address, userAgent, requestId);
    }

    private static String remoteAddress(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    }
}
