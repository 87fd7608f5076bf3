package com.dbadmin.mcp;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.CallControl;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.guard.ToolVisibility;
import com.dbadmin.tool.ToolInvoker;
import com.dbadmin.tool.ToolResults;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Singleton;

import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Translates between MCP and the tool catalogue: a definition becomes an MCP {@link McpSchema.Tool}; a call
 * runs through the {@link ToolInvoker}; the outcome becomes a {@code CallToolResult} whose
 * {@code structuredContent} and single text block carry the same JSON, serialised once
 * ({@link #response}).
 */
@Singleton
class McpToolAdapter {
    @SuppressWarnings("unchecked")
    private static final Class<Map<String, Object>> MAP = (Class<Map<String, Object>>) (Class<?>) Map.class;
    private static final String TEXT_HEAD = "{\"content\":[{\"type\":\"text\",\"text\":\"";
    private static final byte[] STRUCTURED = JsonRpc.utf8("\"}],\"structuredContent\":");
    private static final byte[] SUCCESS_TAIL = JsonRpc.utf8(",\"isError\":false}}");
    private static final byte[] ERROR_TAIL = JsonRpc.utf8(",\"isError\":true}}");

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
     * The JSON-RPC response carrying the CallToolResult of an outcome. Failures, arguments that break the
     * schema included, are results with {@code isError: true} and the stable code, so the model can read what
     * to correct.
     *
     * <p>The result is serialised once, to UTF-8; the text block is that same JSON as a JSON string. Jackson
     * escapes every control character inside the strings it writes and writes none outside them, so quoting
     * the serialised JSON only needs a backslash before each quote and backslash; everything else, multi-byte
     * UTF-8 included, is copied as it is, in a single pass.
     */
    byte[] response(JsonNode id, ToolOutcome outcome) {
        byte[] structured = writeBytes(ToolResults.body(outcome));
        byte[] head = JsonRpc.utf8(JsonRpc.resultHead(id) + TEXT_HEAD);
        byte[] tail = outcome.success() ? SUCCESS_TAIL : ERROR_TAIL;
        // Room for every byte escaped; one pass quotes, and the array is cut to size at the end.
        byte[] out = new byte[head.length + 2 * structured.length + STRUCTURED.length + structured.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        int at = head.length;
        for (byte b : structured) {
            if (b == '"' || b == '\\') {
                out[at++] = '\\';
            }
            out[at++] = b;
        }
        System.arraycopy(STRUCTURED, 0, out, at, STRUCTURED.length);
        at += STRUCTURED.length;
        System.arraycopy(structured, 0, out, at, structured.length);
        at += structured.length;
        System.arraycopy(tail, 0, out, at, tail.length);
        return Arrays.copyOf(out, at + tail.length);
    }

    private byte[] writeBytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
