package com.dbadmin.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Singleton;

import java.util.List;

/** A few prompts that start common work the right way (look before writing, read the audit trail). */
@Singleton
class Prompts {
    private final JsonRpc rpc;
    private final String list;

    Prompts(ObjectMapper json) {
        this.rpc = new JsonRpc(json);
        this.list = rpc.write(new McpSchema.ListPromptsResult(List.of(
                new McpSchema.Prompt("explore-table", "Explore a table",
                        "Describe a table's structure and relationships, then show a few rows.",
                        List.of(new McpSchema.PromptArgument("table", "Table name (schema.table)", true))),
                new McpSchema.Prompt("review-recent-changes", "Review recent changes",
                        "Summarise the audit trail of the last hours and list the failed calls.",
                        List.of(new McpSchema.PromptArgument("hours", "How many hours back (default 24)", false)))),
                null));
    }

    String list() {
        return list;
    }

    String get(String name, JsonNode arguments) {
        String text = switch (name) {
            case "explore-table" -> {
                String table = argument(arguments, "table", null);
                if (table == null) {
                    throw McpError.invalidParams("The explore-table prompt needs the 'table' argument.");
                }
                yield "Explore the table " + table + ": call db_get_schema for its columns, keys and indexes,"
                        + " db_get_relationships for the tables it connects to, then db_query_records with limit 5"
                        + " to show sample rows. Summarise what the table holds and how it relates to the others.";
            }
            case "review-recent-changes" -> {
                String hours = argument(arguments, "hours", "24");
                yield "Review the database changes of the last " + hours + " hours: call db_get_audit_summary for"
                        + " that period, then db_query_audit_logs with success=false to list the failures, and"
                        + " report who changed what and which calls failed and why.";
            }
            default -> throw McpError.invalidParams("Unknown prompt '" + name + "'; prompts/list shows the prompts.");
        };
        return rpc.write(new McpSchema.GetPromptResult(null, List.of(new McpSchema.PromptMessage(
                McpSchema.Role.USER, new McpSchema.TextContent(text)))));
    }

    private static String argument(JsonNode arguments, String name, String fallback) {
        JsonNode value = arguments == null ? null : arguments.get(name);
        return value == null || value.isNull() || value.asText().isBlank() ? fallback : value.asText();
    }
}
