package com.dbadmin.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the smallest arguments a tool's input schema accepts, so that policy tests can reach every
 * tool (including ones added later) past schema validation and into the table policy.
 */
public final class SchemaSamples {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SchemaSamples() {
    }

    public static ObjectNode minimalArguments(JsonNode schema) {
        JsonNode sample = sample(schema);
        return sample instanceof ObjectNode object ? object : F.objectNode();
    }

    public static JsonNode sample(JsonNode schema) {
        if (schema == null || schema.isMissingNode()) {
            return F.textNode("x");
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        if (schema.has("oneOf")) {
            return sample(schema.get("oneOf").get(0));
        }
        if (schema.has("anyOf")) {
            return sample(schema.get("anyOf").get(0));
        }
        JsonNode type = schema.get("type");
        String kind = type == null ? (schema.has("properties") ? "object" : "string")
                : type.isArray() ? type.get(0).asText() : type.asText();
        return switch (kind) {
            case "object" -> object(schema);
            case "array" -> {
                ArrayNode array = F.arrayNode();
                int items = Math.max(1, schema.path("minItems").asInt(1));
                for (int i = 0; i < items; i++) {
                    array.add(sample(schema.get("items")));
                }
                yield array;
            }
            case "integer" -> F.numberNode(Math.max(1, schema.path("minimum").asInt(1)));
            case "number" -> F.numberNode(1);
            case "boolean" -> F.booleanNode(false);
            case "null" -> F.nullNode();
            default -> F.textNode("x");
        };
    }

    private static ObjectNode object(JsonNode schema) {
        ObjectNode object = F.objectNode();
        JsonNode properties = schema.path("properties");
        for (JsonNode required : schema.path("required")) {
            object.set(required.asText(), sample(properties.get(required.asText())));
        }
        if (object.isEmpty() && schema.path("minProperties").asInt(0) > 0) {
            object.put("id", 1);
        }
        return object;
    }
}
