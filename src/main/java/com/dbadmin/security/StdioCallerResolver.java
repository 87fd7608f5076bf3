package com.dbadmin.security;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.Transport;
import jakarta.inject.Singleton;

/**
 * The caller of MCP over stdio: the local user who started the process (no credentials travel over a
 * pipe), named by {@code db-admin.stdio.principal}. The request is how the client introduced itself in
 * {@code initialize} ({@code name/version}), kept as the user agent for audit rows.
 */
@Singleton
public class StdioCallerResolver implements CallerResolver<String> {
    private final String principal;

    StdioCallerResolver(StdioSettings settings) {
        this.principal = settings.principal();
    }

    @Override
    public CallContext resolve(String clientDescription) {
        return CallerScopes.local(principal, Transport.MCP_STDIO, clientDescription);
    }
}
