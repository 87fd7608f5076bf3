package com.dbadmin.api;

import com.dbadmin.tool.CallContext;
import com.dbadmin.tool.Scope;
import com.dbadmin.tool.Transport;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.modelcontextprotocol.common.McpTransportContext;
import jakarta.inject.Singleton;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Set;

/**
 * Builds the {@link CallContext} of an HTTP request, for MCP over HTTP and REST alike: the principal,
 * its scopes, the client address, user agent and request id.
 */
@Singleton
public class HttpCallerResolver {
    /** Where the MCP transport context carries the caller from the HTTP request to the tool call. */
    public static final String CONTEXT_KEY = "dbadmin.caller";
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    /** Name used for callers when no authentication is configured (loopback-only by default). */
    public static final String ANONYMOUS = "anonymous";

    public CallContext resolve(HttpRequest<?> request, Transport transport) {
        Principal principal = request.getUserPrincipal().orElse(null);
        String address = remoteAddress(request);
        String userAgent = request.getHeaders().get(HttpHeaders.USER_AGENT);
        String requestId = request.getHeaders().get(REQUEST_ID_HEADER);
        if (principal == null) {
            return new CallContext(ANONYMOUS, Set.of(Scope.ADMIN), false, transport, address, userAgent, requestId);
        }
        return new CallContext(principal.getName(), Set.of(Scope.ADMIN), true, transport, address, userAgent, requestId);
    }

    public CallContext fromMcpContext(McpTransportContext context) {
        Object caller = context == null ? null : context.get(CONTEXT_KEY);
        if (caller instanceof CallContext callContext) {
            return callContext;
        }
        // Not reached through our extractor: treat as the least-trusted caller.
        return new CallContext(ANONYMOUS, Set.of(), false, Transport.MCP_HTTP, null, null, null);
    }

    private static String remoteAddress(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    }
}
