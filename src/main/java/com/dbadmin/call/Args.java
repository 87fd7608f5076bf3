package com.dbadmin.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Typed access to schema-validated tool arguments. */
public final class Args {
    private final ObjectNode node;

    public Args(ObjectNode node) {
        this.node = node == null ? JsonNodeFactory.instance.objectNode() : node;
    }

    public ObjectNode node() {
        return node;
    }

    public boolean has(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    public JsonNode get(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    public String string(String name) {
        String value = optString(name, null);
        if (value == null || value.isBlank()) {
            throw ToolException.validation("'" + name + "' is required");
        }
        return value;
    }

    public String optString(String name, String fallback) {
        JsonNode value = get(name);
        return value == null ? fallback : value.asText();
    }

    /** An integer argument; one outside the int range is refused (asInt would silently wrap it). */
    public int optInt(String name, int fallback) {
        JsonNode value = get(name);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber() || !value.canConvertToInt()) {
            throw ToolException.validation("'" + name + "' must be an integer between " + Integer.MIN_VALUE + " and "
                    + Integer.MAX_VALUE);
        }
        return value.asInt();
    }

    public boolean optBoolean(String name, boolean fallback) {
        JsonNode value = get(name);
        return value == null ? fallback : value.asBoolean();
    }

    public ObjectNode optObject(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw ToolException.validation("'" + name + "' must be an object");
        }
        return (ObjectNode) value;
    }

    public ArrayNode optArray(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw ToolException.validation("'" + name + "' must be an array");
        }
        return (ArrayNode) value;
    }
}
