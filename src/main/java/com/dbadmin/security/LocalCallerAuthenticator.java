package com.dbadmin.security;

import com.dbadmin.tool.CallContext;
import com.dbadmin.tool.Scope;
import com.dbadmin.tool.Transport;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

import java.util.Set;

/**
 * The authenticator used while no authentication is configured: every caller is trusted by deployment
 * (loopback-only HTTP, a local stdio process, or a Lambda reachable only through IAM).
 */
@Singleton
@Secondary
public class LocalCallerAuthenticator implements CallerAuthenticator {

    @Override
    public boolean isEnabled() {
        return false;
    }

    @Override
    public CallContext authenticate(String bearer, Transport transport, String clientAddress, String userAgent,
                                    String requestId) {
        return new CallContext("anonymous", Set.of(Scope.ADMIN), false, transport, clientAddress, userAgent, requestId);
    }
}
