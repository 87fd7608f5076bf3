package com.dbadmin.mcp;

import com.dbadmin.security.HttpCallerResolver;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import jakarta.inject.Singleton;

import java.util.Map;

/** Carries the HTTP caller (principal, scopes, address) into MCP tool calls. */
@Singleton
@Replaces(McpTransportContextExtractor.class)
class CallerTransportContextExtractor implements McpTransportContextExtractor<HttpRequest<?>> {
    private final HttpCallerResolver callers;

    public CallerTransportContextExtractor(HttpCallerResolver callers) {
        this.callers = callers;
    }

    @Override
    public McpTransportContext extract(HttpRequest<?> request) {
        return McpTransportContext.create(Map.of(HttpCallerResolver.CONTEXT_KEY,
                callers.resolve(request)));
    }
}
