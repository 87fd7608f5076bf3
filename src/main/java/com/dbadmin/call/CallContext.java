package com.dbadmin.call;

import java.util.Set;
import java.util.UUID;

/**
 * Who is calling and through what: filled by each transport adapter, read by guard and audit.
 *
 * @param principal     authenticated subject, or a configured local principal (stdio, no auth)
 * @param scopes        granted scopes; {@link Scope#ADMIN} grants all
 * @param authenticated whether the principal was verified (token, API key, IAM)
 */
public record CallContext(String principal, Set<String> scopes, boolean authenticated, Transport transport,
                          String clientAddress, String userAgent, String requestId) {

    public CallContext {
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        requestId = requestId == null || requestId.isBlank() ? UUID.randomUUID().toString() : requestId;
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope) || scopes.contains(Scope.ADMIN);
    }

    /** A caller trusted by deployment (no authentication configured, local process). */
    public static CallContext local(String principal, Transport transport) {
        return new CallContext(principal, Set.of(Scope.ADMIN), false, transport, null, null, null);
    }
}
