package com.dbadmin.mcp;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.InvalidArgumentsException;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.tool.ToolInvoker;
import com.dbadmin.tool.ToolResults;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/**
 * Translates between the MCP schema types and the tool catalogue: a definition becomes an MCP
 * {@link McpSchema.Tool}; a call runs through the {@link ToolInvoker}; the outcome becomes a
 * {@link McpSchema.CallToolResult} with {@code structuredContent} and the same JSON as one text block.
 * Arguments that break the schema are JSON-RPC errors (-32602), tool failures {@code isError} results.
 */
@Singleton
public class McpToolAdapter {
    private final ToolInvoker invoker;
    private final McpJsonMapper jsonMapper;
    private final ObjectMapper objectMapper;

    public McpToolAdapter(ToolInvoker invoker, McpJsonMapper jsonMapper, ObjectMapper objectMapper) {
        this.invoker = invoker;
        this.jsonMapper = jsonMapper;
        this.objectMapper = objectMapper;
    }

    public McpSchema.Tool describe(ToolDefinition definition) {
        McpSchema.Tool.Builder builder = McpSchema.Tool.builder()
                .name(definition.name())
                .title(definition.title())
                .description(definition.description())
                .inputSchema(jsonMapper, definition.inputSchema().toString())
                .annotations(new McpSchema.ToolAnnotations(definition.title(), definition.hints().readOnly(),
                        definition.hints().destructive(), definition.hints().idempotent(), false, null));
        return builder.build();
    }

    public McpSchema.CallToolResult call(ToolDefinition definition, Map<String, Object> arguments, CallContext caller) {
        JsonNode args = arguments == null ? null : objectMapper.valueToTree(arguments);
        ToolOutcome outcome = invoker.invoke(definition.name(), args, caller);
        if (outcome.invalidArguments()) {
            InvalidArgumentsException invalid = (InvalidArgumentsException) outcome.error();
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                    .message(invalid.getMessage())
                    .data(Map.of("code", invalid.code().name(), "violations", invalid.violations()))
                    .build();
        }
        ObjectNode body = ToolResults.body(outcome);
        // The tree itself is the structured content (both transports' Jackson mappers write a JsonNode
        // as it is): converting it to a Map first cost a full copy of every result (bench/run.sh).
        return McpSchema.CallToolResult.builder()
                .structuredContent(body)
                .content(List.of(new McpSchema.TextContent(body.toString())))
                .isError(!outcome.success())
                .build();
    }
}
