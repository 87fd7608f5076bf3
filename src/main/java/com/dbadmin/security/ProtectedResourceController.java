package com.dbadmin.security;

import com.dbadmin.call.Scope;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728), as the MCP authorization spec asks: it tells an MCP
 * client which authorization server issues tokens for this server and which scopes exist. Served for
 * the MCP endpoint ({@code /.well-known/oauth-protected-resource/mcp}, the path-inserted form clients
 * derive from {@code /mcp}) and for the server as a whole (the root form), and referenced from every
 * 401's {@code WWW-Authenticate} header.
 */
@Controller
class ProtectedResourceController {
    public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";
    public static final List<String> SCOPES = List.of(Scope.READ, Scope.WRITE, Scope.BATCH, Scope.BACKUP,
            Scope.RESTORE, Scope.AUDIT, Scope.ADMIN);

    private final AuthSettings settings;
    private final TrustedProxies proxies;

    public ProtectedResourceController(AuthSettings settings) {
        this.settings = settings;
        this.proxies = settings.parsedTrustedProxies();
    }

    @Get(uri = WELL_KNOWN, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<ObjectNode> server(HttpRequest<?> request) {
        return metadata(request, "");
    }

    @Get(uri = WELL_KNOWN + "/mcp", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<ObjectNode> mcp(HttpRequest<?> request) {
        return metadata(request, "/mcp");
    }

    /** The metadata URL a 401 for {@code path} points to. */
    public String metadataUrl(HttpRequest<?> request) {
        String base = baseUrl(request);
        return ToolEndpointsRule.under(request.getPath(), "/mcp") ? base + WELL_KNOWN + "/mcp" : base + WELL_KNOWN;
    }

    private HttpResponse<ObjectNode> metadata(HttpRequest<?> request, String resourcePath) {
        if (!settings.isEnabled()) {
            return HttpResponse.notFound();
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("resource", baseUrl(request) + resourcePath);
        ArrayNode servers = body.putArray("authorization_servers");
        settings.advertisedAuthorizationServers().forEach(servers::add);
        ArrayNode scopes = body.putArray("scopes_supported");
        SCOPES.forEach(scopes::add);
        body.putArray("bearer_methods_supported").add("header");
        body.put("resource_name", "database-admin-server");
        return HttpResponse.ok(body).header("Cache-Control", "public, max-age=3600");
    }

    /**
     * DB_ADMIN_PUBLIC_URL when set; otherwise the URL a trusted reverse proxy names in its X-Forwarded-*
     * headers; otherwise the address the connection arrived at. Never the request's own Host or forwarded
     * headers from anyone else: clients follow these URLs with their tokens, so a caller who could choose
     * them (even {@code javascript:...}) could send the next client anywhere.
     */
    String baseUrl(HttpRequest<?> request) {
        String configured = settings.publicUrl();
        String base = AuthSettings.hasText(configured) ? configured.trim() : null;
        if (base == null && !proxies.isEmpty() && request.getRemoteAddress() != null
                && proxies.trusts(request.getRemoteAddress().getAddress())) {
            base = forwarded(request);
        }
        if (base == null) {
            base = "http://" + hostPort(request.getServerAddress());
        }
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The URL a trusted proxy names, or null when its headers are missing or not a plain http(s) host. */
    private static String forwarded(HttpRequest<?> request) {
        String proto = first(request.getHeaders().get("X-Forwarded-Proto"));
        String host = first(request.getHeaders().get("X-Forwarded-Host"));
        String port = first(request.getHeaders().get("X-Forwarded-Port"));
        if (host == null) {
            return null;
        }
        proto = proto == null ? "https" : proto.toLowerCase(Locale.ROOT);
        if (!proto.equals("https") && !proto.equals("http")) {
            return null;
        }
        try {
            URI uri = new URI(proto + "://" + host);
            boolean plain = uri.getHost() != null && uri.getRawUserInfo() == null && uri.getRawPath().isEmpty()
                    && uri.getRawQuery() == null && uri.getRawFragment() == null
                    && uri.getHost().chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '.' || ch == '-'
                    || ch == ':' || ch == '[' || ch == ']');
            if (!plain) {
                return null;
            }
            if (uri.getPort() < 0 && port != null && port.chars().allMatch(Character::isDigit) && port.length() <= 5) {
                return proto + "://" + host + ":" + port;
            }
            return proto + "://" + host;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        String value = (comma < 0 ? header : header.substring(0, comma)).trim();
        return value.isEmpty() ? null : value;
    }

    private static String hostPort(InetSocketAddress address) {
        if (address == null || address.getAddress() == null) {
            return "localhost";
        }
        String host = address.getAddress().getHostAddress();
        if (host.contains(":")) {
            int zone = host.indexOf('%');
            host = "[" + (zone < 0 ? host : host.substring(0, zone)) + "]";
        }
        return host + ":" + address.getPort();
    }
}
