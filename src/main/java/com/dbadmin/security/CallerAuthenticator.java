package com.dbadmin.security;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.Transport;

/**
 * Turns a bearer credential presented outside the HTTP security filter chain (a token inside a Lambda
 * event, for instance) into a caller. HTTP requests are authenticated by micronaut-security; this is
 * for every other door, so all of them apply the same verification.
 */
public interface CallerAuthenticator {

    /** Whether callers must present credentials at all. */
    boolean isEnabled();

    /**
     * @param bearer the credential (JWT or API key), or null when none was presented
     * @throws com.dbadmin.call.ToolException DB_401_UNAUTHENTICATED when it is missing or invalid and
     *                                        authentication is enabled
     */
    CallContext authenticate(String bearer, Transport transport, String clientAddress, String userAgent,
                             String requestId);
}
