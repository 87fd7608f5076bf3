package com.dbadmin.mcp;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.CallControl;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.guard.ToolVisibility;
import com.dbadmin.tool.ToolInvoker;
import com.dbadmin.tool.ToolResults;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Singleton;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Translates between MCP and the tool catalogue: a definition becomes an MCP {@link McpSchema.Tool}; a call
 * runs through the {@link ToolInvoker}; the outcome becomes a {@code CallToolResult} whose
 * {@code structuredContent} and single text block carry the same JSON, serialised once.
 */
@Singleton
class McpToolAdapter {
    @SuppressWarnings("unchecked")
    private static final Class<Map<String, Object>> MAP = (Class<Map<String, Object>>) (Class<?>) Map.class;

    private final ToolInvoker invoker;
    private final ObjectMapper json;
    private final Map<String, McpSchema.Tool> described = new ConcurrentHashMap<>();
    /**
     * tools/list results by the names a caller may see and whether output schemas go with them: a few
     * combinations, each written once.
     */
    private final Map<List<String>, String> listings = new ConcurrentHashMap<>();

    McpToolAdapter(ToolInvoker invoker, ObjectMapper json) {
        this.invoker = invoker;
        this.json = json;
    }

    McpSchema.Tool describe(ToolDefinition definition) {
        return described.computeIfAbsent(definition.name(), name -> McpSchema.Tool.builder(name)
                .title(definition.title())
                .description(definition.description())
                .inputSchema(json.convertValue(definition.inputSchema(), MAP))
                .outputSchema(definition.outputSchema() == null ? null : json.convertValue(definition.outputSchema(), MAP))
                .annotations(new McpSchema.ToolAnnotations(null, definition.hints().readOnly(),
                        definition.hints().destructive(), definition.hints().idempotent(), false, null))
                .build());
    }

    /**
     * The tools/list result for this caller: only the tools its scopes allow, in catalogue order. Output
     * schemas go only to clients of 2025-06-18 and later, the versions that define them.
     */
    String listFor(CallContext caller, String protocolVersion) {
        boolean outputSchemas = !ProtocolVersions.V2024_11_05.equals(protocolVersion)
                && !ProtocolVersions.V2025_03_26.equals(protocolVersion);
        List<ToolDefinition> visible = ToolVisibility.visible(caller, invoker.registry().all());
        List<String> key = new java.util.ArrayList<>(visible.size() + 1);
        visible.forEach(tool -> key.add(tool.name()));
        key.add(outputSchemas ? "+output" : "-output");
        return listings.computeIfAbsent(key, k -> write(new McpSchema.ListToolsResult(visible.stream()
                .map(this::describe)
                .map(tool -> outputSchemas ? tool : McpSchema.Tool.builder(tool.name()).title(tool.title())
                        .description(tool.description()).inputSchema(tool.inputSchema())
                        .annotations(tool.annotations()).build())
                .toList(), null)));
    }

    boolean exists(String name) {
        return invoker.registry().find(name).isPresent();
    }

    /** Audits and rate-limits a call naming no tool (the dispatcher then answers -32602). */
    ToolOutcome unknownTool(String name, CallContext caller) {
        return invoker.unknownTool(name, caller);
    }

    ToolOutcome call(String name, JsonNode arguments, CallContext caller, CallControl control) {
        return invoker.invoke(name, arguments, caller, control);
    }

    /**
     * The CallToolResult of an outcome. Failures, arguments that break the schema included, are results with
     * {@code isError: true} and the stable code, so the model can read what to correct.
     */
    String result(ToolOutcome outcome) {
        ObjectNode body = ToolResults.body(outcome);
        String structured = write(body);
        StringBuilder result = new StringBuilder(structured.length() * 2 + 96);
        result.append("{\"content\":[{\"type\":\"text\",\"text\":\"");
        JsonStringEncoder.getInstance().quoteAsString(structured, result);
        result.append("\"}],\"structuredContent\":").append(structured)
                .append(",\"isError\":").append(!outcome.success()).append('}');
        return result.toString();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
