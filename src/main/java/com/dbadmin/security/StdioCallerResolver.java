package com.dbadmin.security;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.Transport;
import jakarta.inject.Singleton;

/**
 * The caller of MCP over stdio: the local user who started the process (no credentials travel over a
 * pipe), named by {@code db-admin.stdio.principal}. The request is how the client introduced itself in
 * {@code initialize} ({@code name/version}), kept as the user agent for audit rows. Its scopes are
 * DB_ADMIN_LOCAL_SCOPES ({@link CallerScopes}).
 */
@Singleton
public class StdioCallerResolver implements CallerResolver<String> {
    private final String principal;
    private final CallerScopes scopes;

    StdioCallerResolver(StdioSettings settings, CallerScopes scopes) {
        this.principal = settings.principal();
        this.scopes = scopes;
    }

    @Override
    public CallContext resolve(String clientDescription) {
        return scopes.local(principal, Transport.MCP_STDIO, clientDescription);
    }
}
