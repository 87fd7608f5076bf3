package com.dbadmin.http;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;
import com.dbadmin.tool.ToolResults;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses requests a web page could send through DNS rebinding: a page on {@code evil.example} that
 * makes its own name resolve to 127.0.0.1 reaches the loopback server with {@code Host: evil.example}
 * (and, for its scripts' requests, a matching {@code Origin}). Without authentication every local
 * caller has every scope, so such a page could read and change the database. The MCP specification
 * requires servers to validate {@code Origin}; this checks both, on every path (MCP, REST, health,
 * metrics, the protected-resource metadata), before authentication:
 *
 * <ul>
 *   <li>{@code Host} must be a loopback name ({@code localhost}), an IP literal, a host in
 *       DB_ADMIN_ALLOWED_HOSTS or the host of DB_ADMIN_PUBLIC_URL. An IP literal cannot come from
 *       rebinding: the browser sends the name it resolved, so only a name can be an attacker's. IP
 *       literals keep probes and scrapers that address the pod or container by IP working.</li>
 *   <li>{@code Origin}, when present, must name one of the same hosts (IP literals only when loopback):
 *       a page served from anywhere else is refused even when it names the server correctly.</li>
 * </ul>
 * Refusals are 403 with the usual error body and DB_403_ACCESS_DENIED; they are not tool calls, so they
 * are logged (at most the host names, bounded) rather than audited.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(property = "db-admin.http.check-host", notEquals = "false")
class HostOriginFilter implements Ordered {
    private static final Logger LOG = LoggerFactory.getLogger(HostOriginFilter.class);
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "localhost.");

    private final Set<String> allowedHosts = new HashSet<>();
    private final boolean anyHost;

    HostOriginFilter(HostSettings settings) {
        allowedHosts.addAll(LOOPBACK_NAMES);
        allowedHosts.addAll(settings.allowedHosts());
        if (settings.publicHost() != null) {
            allowedHosts.add(settings.publicHost());
        }
        this.anyHost = settings.allowedHosts().contains("*");
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        if (anyHost) {
            return null;
        }
        String host = request.getHeaders().get(HttpHeaders.HOST);
        if (host != null && !hostAllowed(hostName(host))) {
            return refuse("Host", host);
        }
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        if (origin != null && !originAllowed(origin)) {
            return refuse("Origin", origin);
        }
        return null;
    }

    boolean hostAllowed(@Nullable String name) {
        return name != null && (allowedHosts.contains(name) || isIpLiteral(name));
    }

    private boolean originAllowed(String origin) {
        String name;
        try {
            URI uri = URI.create(origin.trim());
            name = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return false;
        }
        // "null" (sandboxed frames, file: pages) has no host and is refused.
        return name != null && (allowedHosts.contains(name) || isLoopbackLiteral(name));
    }

    /** The host name of a Host header value: lower case, port and IPv6 brackets removed; null when malformed. */
    @Nullable
    static String hostName(String header) {
        String value = header.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0 || (close + 1 < value.length() && value.charAt(close + 1) != ':')) {
                return null;
            }
            return value.substring(0, close + 1);
        }
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        return name.isEmpty() ? null : name;
    }

    private static boolean isIpLiteral(String name) {
        if (name.startsWith("[") && name.endsWith("]")) {
            return isIpv6(name.substring(1, name.length() - 1));
        }
        return isIpv4(name);
    }

    private static boolean isLoopbackLiteral(String name) {
        return name.equals("[::1]") || (isIpv4(name) && name.startsWith("127."));
    }

    private static boolean isIpv4(String name) {
        String[] parts = name.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String literal) {
        return !literal.isEmpty() && literal.length() <= 45 && literal.contains(":")
                && literal.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 || ch == ':' || ch == '.');
    }

    private static HttpResponse<?> refuse(String header, String value) {
        String shown = value.length() > 100 ? value.substring(0, 100) + "..." : value;
        LOG.warn("Refused a request with {}: {} (not an allowed host; DB_ADMIN_ALLOWED_HOSTS)", header,
                shown.replaceAll("[\\p{Cntrl}]", "?"));
        return HttpResponse.status(HttpStatus.FORBIDDEN).body(ToolResults.error(new ToolException(
                ErrorCode.DB_403_ACCESS_DENIED, header + " '" + shown + "' is not allowed: this server answers to"
                + " localhost and the hosts in DB_ADMIN_ALLOWED_HOSTS (or DB_ADMIN_PUBLIC_URL) only.")));
    }

    @Override
    public int getOrder() {
        // After the request id is assigned, before authentication: a rebinding page learns nothing more.
        return ServerFilterPhase.FIRST.order();
    }
}
