package com.dbadmin.mcp;

import com.dbadmin.call.ToolDefinition;
import com.dbadmin.security.HttpCallerResolver;
import com.dbadmin.security.StdioCallerResolver;
import io.micronaut.context.annotation.EachBean;
import io.micronaut.context.annotation.Factory;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Registers every tool of the catalogue with micronaut-mcp programmatically: one MCP tool
 * specification bean per {@link ToolDefinition} bean. Annotation-scanned {@code @Tool} methods are not
 * used because they are not discovered when singletons are created eagerly (Lambda); beans are.
 *
 * <p>Streamable HTTP uses the stateless server; stdio uses the session server. Both call the same
 * adapter, so a tool behaves identically on each.
 */
@Factory
class McpToolSpecifications {

    @EachBean(ToolDefinition.class)
    McpStatelessServerFeatures.SyncToolSpecification httpTool(ToolDefinition definition, McpToolAdapter adapter,
                                                              HttpCallerResolver callers) {
        return McpStatelessServerFeatures.SyncToolSpecification.builder()
                .tool(adapter.describe(definition))
                .callHandler((context, request) -> adapter.call(definition, request.arguments(),
                        callers.fromMcpContext(context)))
                .build();
    }

    @EachBean(ToolDefinition.class)
    McpServerFeatures.SyncToolSpecification stdioTool(ToolDefinition definition, McpToolAdapter adapter,
                                                      StdioCallerResolver callers) {
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(adapter.describe(definition))
                .callHandler((exchange, request) -> adapter.call(definition, request.arguments(),
                        callers.resolve(clientDescription(exchange.getClientInfo()))))
                .build();
    }

    private static String clientDescription(McpSchema.Implementation client) {
        return client == null ? null : client.name() + "/" + client.version();
    }
}
