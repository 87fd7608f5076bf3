package com.dbadmin.mcp;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.guard.ToolVisibility;
import com.dbadmin.security.HttpCallerResolver;
import com.dbadmin.tool.ToolInvoker;
import com.dbadmin.tool.ToolRegistry;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Singleton;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Wraps micronaut-mcp's stateless request handler (the bean its {@code McpController} calls) so that
 * MCP over HTTP respects the caller: {@code tools/list} shows only the tools the caller's scopes allow,
 * and a {@code tools/call} naming no tool, which the SDK answers itself, is still rate-limited and
 * audited through the invoker before the SDK answers it.
 */
@Singleton
class CallerAwareMcpHandler implements BeanCreatedEventListener<McpStatelessServerHandler> {
    private final HttpCallerResolver callers;
    private final ToolRegistry toolRegistry;
    private final ToolInvoker invoker;

    public CallerAwareMcpHandler(HttpCallerResolver callers, ToolRegistry toolRegistry, ToolInvoker invoker) {
        this.callers = callers;
        this.toolRegistry = toolRegistry;
        this.invoker = invoker;
    }

    @Override
    public McpStatelessServerHandler onCreated(BeanCreatedEvent<McpStatelessServerHandler> event) {
        McpStatelessServerHandler delegate = event.getBean();
        return new McpStatelessServerHandler() {
            @Override
            public Mono<McpSchema.JSONRPCResponse> handleRequest(McpTransportContext context,
                                                                 McpSchema.JSONRPCRequest request) {
                if (McpSchema.METHOD_TOOLS_LIST.equals(request.method())) {
                    CallContext caller = callers.fromMcpContext(context);
                    return delegate.handleRequest(context, request).map(response -> visibleTo(caller, response));
                }
                if (McpSchema.METHOD_TOOLS_CALL.equals(request.method())) {
                    String name = toolName(request.params());
                    if (name != null && toolRegistry.find(name).isEmpty()) {
                        CallContext caller = callers.fromMcpContext(context);
                        return Mono.fromRunnable(() -> invoker.unknownTool(name, caller))
                                .subscribeOn(Schedulers.boundedElastic())
                                .then(delegate.handleRequest(context, request));
                    }
                }
                return delegate.handleRequest(context, request);
            }

            @Override
            public Mono<Void> handleNotification(McpTransportContext context, McpSchema.JSONRPCNotification notification) {
                return delegate.handleNotification(context, notification);
            }
        };
    }

    private McpSchema.JSONRPCResponse visibleTo(CallContext caller, McpSchema.JSONRPCResponse response) {
        if (!(response.result() instanceof McpSchema.ListToolsResult list)) {
            return response;
        }
        // In catalogue order (by group, then name) rather than the SDK's registration order.
        List<ToolDefinition> visible = ToolVisibility.visible(caller, toolRegistry.all());
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < visible.size(); i++) {
            position.put(visible.get(i).name(), i);
        }
        McpSchema.ListToolsResult filtered = new McpSchema.ListToolsResult(
                list.tools().stream().filter(tool -> position.containsKey(tool.name()))
                        .sorted(Comparator.comparingInt(tool -> position.get(tool.name()))).toList(),
                list.nextCursor(), list.meta());
        return new McpSchema.JSONRPCResponse(response.jsonrpc(), response.id(), filtered, response.error());
    }

    private static String toolName(Object params) {
        if (params instanceof Map<?, ?> map && map.get("name") instanceof String name) {
            return name;
        }
        if (params instanceof McpSchema.CallToolRequest request) {
            return request.name();
        }
        return null;
    }
}
