package com.dbadmin.rest;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolGroup;
import com.dbadmin.ops.BuildInfo;
import com.dbadmin.tool.Problems;
import com.dbadmin.tool.ToolRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;

import java.util.Arrays;
import java.util.Map;

/**
 * The OpenAPI 3.1 description of the REST API, generated from the tool registry: one operation per tool
 * ({@code POST /api/tools/{name}}) and per record route ({@code /api/db/*}), whose request and response
 * schemas are the tools' own input and output schemas (JSON Schema 2020-12, which OpenAPI 3.1 takes as
 * they are), errors as RFC 9457 problems, plus the catalogue, MCP and health routes. Built once: the
 * registry does not change while the server runs.
 */
@Singleton
class OpenApiDocument {
    static final String PATH = "/openapi.json";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Map<String, String> RECORD_ROUTES = Map.of(
            "db_query_records", "/api/db/query",
            "db_insert_record", "/api/db/insert",
            "db_update_records", "/api/db/update",
            "db_delete_records", "/api/db/delete");
    private static final int[] TOOL_ERRORS = {400, 401, 403, 404, 409, 413, 422, 429, 500, 503, 504};

    private final ObjectNode document;

    OpenApiDocument(ToolRegistry registry, BuildInfo build) {
        this.document = build(registry, build.version());
    }

    ObjectNode json() {
        return document;
    }

    private static ObjectNode build(ToolRegistry registry, String version) {
        ObjectNode doc = F.objectNode();
        doc.put("openapi", "3.1.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "database-admin-server REST API");
        info.put("version", version);
        info.put("description", "PostgreSQL administration tools over REST. Every tool is also served over MCP"
                + " (POST /mcp) with the same arguments and results. Arguments are snake_case; the camelCase spellings"
                + " of earlier versions are still accepted (deprecated). Errors are RFC 9457 problems"
                + " (application/problem+json) carrying a stable `code`.");
        doc.putArray("servers").addObject().put("url", "/");
        ArrayNode tags = doc.putArray("tags");
        Arrays.stream(ToolGroup.values()).forEach(group -> tags.addObject().put("name", group.id())
                .put("description", "The " + group.id() + " tool group"));
        tags.addObject().put("name", "catalogue").put("description", "What this server offers");
        tags.addObject().put("name", "operations").put("description", "Health and MCP");

        ObjectNode components = doc.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        schemas.set("Problem", problemSchema());
        ObjectNode responses = components.putObject("responses");
        for (int status : TOOL_ERRORS) {
            responses.set(problemName(status), problemResponse(status));
        }
        components.putObject("securitySchemes").putObject("bearer")
                .put("type", "http").put("scheme", "bearer")
                .put("description", "A JWT (DB_ADMIN_JWT_SECRET or DB_ADMIN_JWKS_URL) or an API key (DB_ADMIN_API_KEYS)."
                        + " Not needed when the server runs without authentication (loopback only).");

        ObjectNode paths = doc.putObject("paths");
        paths.putObject("/api/tools").set("get", catalogueOperation());
        for (ToolDefinition tool : registry.all()) {
            schemas.set(tool.name() + ".input", tool.inputSchema());
            schemas.set(tool.name() + ".output", successSchema(tool));
            paths.putObject("/api/tools/" + tool.name()).set("post", toolOperation(tool, tool.name()));
            String route = RECORD_ROUTES.get(tool.name());
            if (route != null) {
                paths.putObject(route).set("post", toolOperation(tool, "rest_" + route.substring("/api/db/".length())));
            }
        }
        paths.putObject("/mcp").set("post", mcpOperation());
        paths.putObject("/health").set("get", healthOperation());
        doc.putArray("security").addObject().putArray("bearer");
        return doc;
    }

    private static ObjectNode toolOperation(ToolDefinition tool, String operationId) {
        ObjectNode operation = F.objectNode();
        operation.putArray("tags").add(tool.group().id());
        operation.put("operationId", operationId);
        operation.put("summary", tool.title() == null ? tool.name() : tool.title());
        operation.put("description", tool.description() + "\n\nScope: `" + tool.scope() + "`."
                + (tool.hints().readOnly() ? " Read-only." : tool.hints().destructive() ? " Destructive." : ""));
        ObjectNode body = operation.putObject("requestBody");
        body.put("required", tool.inputSchema().has("required"));
        ObjectNode media = body.putObject("content").putObject("application/json");
        media.putObject("schema").put("$ref", "#/components/schemas/" + tool.name() + ".input");
        JsonNode examples = tool.inputSchema().get("examples");
        if (examples != null && examples.isArray() && !examples.isEmpty()) {
            ObjectNode named = media.putObject("examples");
            for (int i = 0; i < examples.size(); i++) {
                named.putObject("example" + (i + 1)).set("value", examples.get(i));
            }
        }
        ObjectNode responses = operation.putObject("responses");
        ObjectNode ok = responses.putObject("200");
        ok.put("description", "The tool's result");
        ok.putObject("content").putObject("application/json").putObject("schema")
                .put("$ref", "#/components/schemas/" + tool.name() + ".output");
        for (int status : TOOL_ERRORS) {
            responses.putObject(Integer.toString(status)).put("$ref", "#/components/responses/" + problemName(status));
        }
        operation.putArray("security").addObject().putArray("bearer").add(tool.scope());
        return operation;
    }

    /** The success branch of the tool's output schema (the error branch is the problem on REST). */
    private static ObjectNode successSchema(ToolDefinition tool) {
        ObjectNode output = tool.outputSchema();
        JsonNode branches = output == null ? null : output.get("anyOf");
        if (branches == null || !branches.isArray() || branches.isEmpty()) {
            return F.objectNode().put("type", "object");
        }
        ObjectNode success = ((ObjectNode) branches.get(0)).deepCopy();
        success.put("type", "object");
        return success;
    }

    private static ObjectNode catalogueOperation() {
        ObjectNode operation = F.objectNode();
        operation.putArray("tags").add("catalogue");
        operation.put("operationId", "list_tools");
        operation.put("summary", "The tools this caller may call");
        operation.put("description", "Like MCP tools/list: name, title, description, group, scope and input schema"
                + " of every tool the caller's scopes allow.");
        ObjectNode tool = F.objectNode().put("type", "object");
        ObjectNode properties = tool.putObject("properties");
        for (String field : new String[]{"name", "title", "description", "group", "scope"}) {
            properties.putObject(field).put("type", "string");
        }
        properties.putObject("inputSchema").put("type", "object");
        ObjectNode list = F.objectNode().put("type", "object");
        list.putObject("properties").putObject("tools").put("type", "array").set("items", tool);
        ObjectNode responses = operation.putObject("responses");
        ObjectNode ok = responses.putObject("200");
        ok.put("description", "The tools");
        ok.putObject("content").putObject("application/json").set("schema", list);
        responses.putObject("401").put("$ref", "#/components/responses/" + problemName(401));
        return operation;
    }

    private static ObjectNode mcpOperation() {
        ObjectNode operation = F.objectNode();
        operation.putArray("tags").add("operations");
        operation.put("operationId", "mcp");
        operation.put("summary", "MCP over Streamable HTTP (JSON-RPC 2.0)");
        operation.put("description", "The same tools over the Model Context Protocol: initialize, tools/list,"
                + " tools/call, resources, prompts. Answers are JSON-RPC messages (errors included), or an SSE stream"
                + " for a tools/call that asks for progress. See docs/tools.md#mcp-protocol-support.");
        ObjectNode message = F.objectNode().put("type", "object");
        message.putArray("required").add("jsonrpc").add("method");
        ObjectNode properties = message.putObject("properties");
        properties.putObject("jsonrpc").put("const", "2.0");
        properties.putObject("method").put("type", "string");
        properties.putObject("params").put("type", "object");
        ObjectNode body = operation.putObject("requestBody");
        body.put("required", true);
        body.putObject("content").putObject("application/json").set("schema", message);
        ObjectNode responses = operation.putObject("responses");
        ObjectNode ok = responses.putObject("200");
        ok.put("description", "A JSON-RPC response");
        ObjectNode content = ok.putObject("content");
        content.putObject("application/json").putObject("schema").put("type", "object");
        content.putObject("text/event-stream").putObject("schema").put("type", "string");
        responses.putObject("202").put("description", "A notification or response was accepted");
        responses.putObject("400").put("description", "Unreadable JSON-RPC (a JSON-RPC error body)");
        responses.putObject("401").put("description", "Authentication required (WWW-Authenticate names the"
                + " protected-resource metadata)");
        return operation;
    }

    private static ObjectNode healthOperation() {
        ObjectNode operation = F.objectNode();
        operation.putArray("tags").add("operations");
        operation.put("operationId", "health");
        operation.put("summary", "Health: database, pool, backup store, last backup, version");
        operation.putArray("security").addObject();
        ObjectNode responses = operation.putObject("responses");
        ObjectNode up = responses.putObject("200");
        up.put("description", "UP (details for callers allowed to see them, DB_ADMIN_HEALTH_DETAILS)");
        up.putObject("content").putObject("application/json").putObject("schema").put("type", "object");
        ObjectNode down = responses.putObject("503");
        down.put("description", "DOWN");
        down.putObject("content").putObject("application/json").putObject("schema").put("type", "object");
        return operation;
    }

    private static ObjectNode problemSchema() {
        ObjectNode schema = F.objectNode().put("type", "object");
        schema.put("description", "RFC 9457 problem details with this server's stable error code. `error` repeats"
                + " code, message and details in the body tool results carry on MCP (deprecated on REST).");
        schema.putArray("required").add("type").add("title").add("status").add("detail").add("code");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("type").put("type", "string").put("format", "uri")
                .set("examples", F.arrayNode().add(Problems.TYPE_PREFIX + "DB_404_NOT_FOUND"));
        properties.putObject("title").put("type", "string");
        properties.putObject("status").put("type", "integer");
        properties.putObject("detail").put("type", "string");
        properties.putObject("instance").put("type", "string");
        ObjectNode code = properties.putObject("code").put("type", "string");
        ArrayNode codes = code.putArray("enum");
        Arrays.stream(ErrorCode.values()).forEach(value -> codes.add(value.name()));
        properties.putObject("retryable").put("type", "boolean");
        properties.putObject("violations").put("type", "array").putObject("items").put("type", "string");
        properties.putObject("error").put("type", "object").put("deprecated", true);
        return schema;
    }

    private static ObjectNode problemResponse(int status) {
        ErrorCode code = Problems.codeFor(status);
        ObjectNode response = F.objectNode();
        response.put("description", code.name());
        response.putObject("content").putObject(Problems.MEDIA_TYPE).putObject("schema")
                .put("$ref", "#/components/schemas/Problem");
        return response;
    }

    private static String problemName(int status) {
        return "Problem" + status;
    }
}
