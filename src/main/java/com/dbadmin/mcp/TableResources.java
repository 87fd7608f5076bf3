package com.dbadmin.mcp;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.CallControl;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.tool.ToolInvoker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Singleton;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Table structures as MCP resources: {@code dbadmin://tables/{table}} for every table and view the caller
 * can see. Listing and reading are the {@code db_list_tables} and {@code db_get_schema} tools run through
 * the invoker, so scopes, table policy (hidden tables never appear), rate limits and the audit apply exactly
 * as to the tools.
 */
@Singleton
class TableResources {
    static final String PREFIX = "dbadmin://tables/";
    private static final String MIME = "application/json";

    private final ToolInvoker invoker;
    private final ObjectMapper json;
    private final JsonRpc rpc;
    private final String templates;

    TableResources(ToolInvoker invoker, ObjectMapper json) {
        this.invoker = invoker;
        this.json = json;
        this.rpc = new JsonRpc(json);
        this.templates = rpc.write(new McpSchema.ListResourceTemplatesResult(List.of(new McpSchema.ResourceTemplate(
                PREFIX + "{table}", "table", "Table structure",
                "Columns, keys, indexes, constraints and statistics of a table or view (what db_get_schema returns);"
                        + " {table} is schema.table.", MIME, null)), null));
    }

    String templates() {
        return templates;
    }

    /** One page of tables; the cursor is the offset of the next page. */
    String list(CallContext caller, String cursor) {
        ObjectNode arguments = json.createObjectNode();
        if (cursor != null) {
            try {
                arguments.put("offset", Math.max(0, Integer.parseInt(cursor)));
            } catch (NumberFormatException e) {
                throw McpError.invalidParams("Unknown cursor '" + cursor + "'.");
            }
        }
        ToolOutcome outcome = invoker.invoke("db_list_tables", arguments, caller, CallControl.none());
        if (!outcome.success()) {
            if (outcome.error().code() == ErrorCode.DB_403_ACCESS_DENIED) {
                // A caller without the read scope sees no tables, as it sees no read tools.
                return rpc.write(new McpSchema.ListResourcesResult(List.of(), null));
            }
            throw failure(outcome);
        }
        List<McpSchema.Resource> resources = new ArrayList<>();
        for (JsonNode table : outcome.result().path("tables")) {
            String name = table.path("table").asText();
            String comment = table.path("comment").textValue();
            resources.add(new McpSchema.Resource(uri(name), name, null,
                    table.path("kind").asText() + (comment == null ? "" : ": " + comment), MIME, null, null, null));
        }
        JsonNode result = outcome.result();
        String next = result.path("has_more").asBoolean()
                ? String.valueOf(result.path("offset").asInt() + result.path("count").asInt()) : null;
        return rpc.write(new McpSchema.ListResourcesResult(resources, next));
    }

    String read(CallContext caller, String uri) {
        if (!uri.startsWith(PREFIX) || uri.length() == PREFIX.length()) {
            throw new McpError(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND, "Resource not found: " + uri
                    + " (table structures are " + PREFIX + "{table}).", Map.of("uri", uri));
        }
        String table = URLDecoder.decode(uri.substring(PREFIX.length()), StandardCharsets.UTF_8);
        ObjectNode arguments = json.createObjectNode().put("table", table);
        ToolOutcome outcome = invoker.invoke("db_get_schema", arguments, caller, CallControl.none());
        if (!outcome.success()) {
            ErrorCode code = outcome.error().code();
            if (code == ErrorCode.DB_404_NOT_FOUND || code == ErrorCode.DB_403_ACCESS_DENIED
                    || code == ErrorCode.DB_400_VALIDATION) {
                // Hidden and missing tables answer alike, so a resource never reveals that a hidden one exists.
                throw new McpError(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND, "Resource not found: " + uri,
                        Map.of("uri", uri));
            }
            throw failure(outcome);
        }
        return rpc.write(new McpSchema.ReadResourceResult(List.of(
                new McpSchema.TextResourceContents(uri, MIME, rpc.write(outcome.result())))));
    }

    static String uri(String table) {
        return PREFIX + URLEncoder.encode(table, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static McpError failure(ToolOutcome outcome) {
        return new McpError(McpSchema.ErrorCodes.INTERNAL_ERROR, outcome.error().getMessage(),
                Map.of("code", outcome.error().code().name()));
    }
}
