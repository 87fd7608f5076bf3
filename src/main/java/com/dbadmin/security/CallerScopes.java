package com.dbadmin.security;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.Transport;
import com.dbadmin.guard.AccessSettings;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The one place callers get their scopes. A verified micronaut-security {@link Authentication} (JWT or API
 * key) brings its own: the OAuth {@code scope} claim (space-separated), the {@code scp} claim some issuers
 * use instead (list or string), and the roles claim, so an identity provider can grant {@code db:read}
 * either way. Callers the deployment trusts without credentials (MCP over stdio, loopback HTTP without
 * authentication) get DB_ADMIN_LOCAL_SCOPES (every scope by default). On a read-only server
 * (DB_ADMIN_READ_ONLY) every caller keeps only the read scopes among its own.
 */
@Singleton
final class CallerScopes {
    public static final String SCOPE_CLAIM = "scope";
    public static final String SCP_CLAIM = "scp";
    /** Name of callers when no authentication is configured (loopback-only HTTP by default). */
    public static final String ANONYMOUS = "anonymous";

    private final AccessSettings access;

    CallerScopes(AccessSettings access) {
        this.access = access;
    }

    public static Set<String> of(Authentication authentication) {
        Set<String> scopes = new LinkedHashSet<>();
        addAll(scopes, authentication.getAttributes().get(SCOPE_CLAIM));
        addAll(scopes, authentication.getAttributes().get(SCP_CLAIM));
        scopes.addAll(authentication.getRoles());
        return scopes;
    }

    /** Principals of JWT callers: {@code jwt:<sub>}. */
    public static final String JWT_PREFIX = "jwt:";
    /** Principals of API-key callers: {@code key:<name>}. */
    public static final String API_KEY_PREFIX = "key:";

    /**
     * The caller of a verified credential. Its principal says which kind of credential it was, so a JWT
     * subject can never pass for an API key of the same name (or "anonymous", "scheduler") in audit rows
     * and rate-limit buckets.
     */
    CallContext authenticated(Authentication authentication, Transport transport, String address,
                              String userAgent, String requestId) {
        return new CallContext(principal(authentication), access.effectiveScopes(of(authentication)), true, transport,
                address, userAgent, requestId);
    }

    static String principal(Authentication authentication) {
        boolean apiKey = "api_key".equals(authentication.getAttributes().get(ApiKeyTokenValidator.AUTH_METHOD));
        return (apiKey ? API_KEY_PREFIX : JWT_PREFIX) + authentication.getName();
    }

    /** A caller trusted by deployment because no authentication is configured: the local scopes. */
    CallContext trustedAnonymous(Transport transport, String address, String userAgent, String requestId) {
        return new CallContext(ANONYMOUS, localScopes(), false, transport, address, userAgent, requestId);
    }

    /** A local process's caller (MCP over stdio): trusted by deployment, like an unauthenticated loopback caller. */
    CallContext local(String principal, Transport transport, String userAgent) {
        return new CallContext(principal, localScopes(), false, transport, null, userAgent, null);
    }

    private Set<String> localScopes() {
        return access.effectiveScopes(access.localCallerScopes());
    }

    private static void addAll(Set<String> scopes, Object claim) {
        if (claim instanceof Collection<?> values) {
            values.forEach(value -> addAll(scopes, value));
        } else if (claim != null) {
            // Split by hand: this runs on every request, and String.split(regex) showed up in profiles.
            String text = claim.toString();
            int start = -1;
            for (int i = 0; i <= text.length(); i++) {
                boolean space = i == text.length() || Character.isWhitespace(text.charAt(i));
                if (!space && start < 0) {
                    start = i;
                } else if (space && start >= 0) {
                    scopes.add(text.substring(start, i));
                    start = -1;
                }
            }
        }
    }
}
