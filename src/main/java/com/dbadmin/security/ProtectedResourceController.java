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
import io.micronaut.http.server.util.HttpHostResolver;

import java.util.List;

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
            Scope.RESTORE, Scope.AUDIT, Scope.SQL, Scope.ADMIN);

    private final AuthSettings settings;
    private final HttpHostResolver hosts;

    public ProtectedResourceController(AuthSettings settings, HttpHostResolver hosts) {
        this.settings = settings;
        this.hosts = hosts;
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

    private String baseUrl(HttpRequest<?> request) {
        String configured = settings.publicUrl();
        String base = AuthSettings.hasText(configured) ? configured.trim() : hosts.resolve(request);
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
