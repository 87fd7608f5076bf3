package com.dbadmin.support;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.EnumSet;
import java.util.Set;

/**
 * The smallest arguments a tool's input schema accepts: required properties only, each the simplest valid
 * value, every table argument naming {@code table}. Derived from the schema, so a tool added later is
 * covered without a change to the tests that use it.
 */
public final class MinimalArguments {
    /** Codes a minimal call may legitimately end with: the arguments name nothing that exists, or too little. */
    public static final Set<ErrorCode> CLIENT_SIDE = EnumSet.of(ErrorCode.DB_400_VALIDATION,
            ErrorCode.DB_404_NOT_FOUND, ErrorCode.DB_409_CONFLICT, ErrorCode.DB_422_CONSTRAINT);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private MinimalArguments() {
    }

    public static ObjectNode of(ToolDefinition tool, String table) {
        return (ObjectNode) value("", tool.inputSchema(), table);
    }

    private static JsonNode value(String name, JsonNode schema, String table) {
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        if (schema.has("oneOf")) {
            return value(name, schema.get("oneOf").get(0), table);
        }
        switch (schema.path("type").asText("")) {
            case "object": {
                ObjectNode object = JSON.objectNode();
                for (JsonNode required : schema.path("required")) {
                    object.set(required.asText(), value(required.asText(),
                            schema.path("properties").path(required.asText()), table));
                }
                return object;
            }
            case "array": {
                ArrayNode array = JSON.arrayNode();
                for (int i = 0; i < schema.path("minItems").asInt(0); i++) {
                    array.add(value(name, schema.path("items"), table));
                }
                return array;
            }
            case "integer":
            case "number":
                return JSON.numberNode(schema.path("minimum").asLong(1));
            case "boolean":
                return JSON.booleanNode(false);
            case "string":
                return JSON.textNode(name.equals("table") ? table : "x");
            default:
                return JSON.objectNode();
        }
    }
}
