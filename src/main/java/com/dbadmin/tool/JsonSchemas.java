package com.dbadmin.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Small builders for the JSON Schemas in tool definitions, so each definition reads like its contract. */
public final class JsonSchemas {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JsonSchemas() {
    }

    public static ObjectBuilder object() {
        return new ObjectBuilder();
    }

    public static ObjectNode string(String description) {
        return typed("string", description);
    }

    public static ObjectNode enumOf(String description, String... values) {
        ObjectNode node = string(description);
        ArrayNode list = node.putArray("enum");
        for (String value : values) {
            list.add(value);
        }
        return node;
    }

    public static ObjectNode integer(String description, Integer minimum, Integer maximum) {
        ObjectNode node = typed("integer", description);
        if (minimum != null) {
            node.put("minimum", minimum);
        }
        if (maximum != null) {
            node.put("maximum", maximum);
        }
        return node;
    }

    public static ObjectNode bool(String description) {
        return typed("boolean", description);
    }

    public static ObjectNode arrayOf(String description, JsonNode items) {
        ObjectNode node = typed("array", description);
        node.set("items", items);
        return node;
    }

    /** An object whose keys are column names; values of any JSON type (JSON Schema's default for extra keys). */
    public static ObjectNode freeObject(String description) {
        return typed("object", description);
    }

    /** An object schema that refuses {@code {}} (filters and data that must say something). */
    public static ObjectNode nonEmpty(ObjectNode objectSchema) {
        objectSchema.put("minProperties", 1);
        return objectSchema;
    }

    /** Any JSON value. */
    public static ObjectNode any(String description) {
        ObjectNode node = F.objectNode();
        if (description != null) {
            node.put("description", description);
        }
        return node;
    }

    public static ObjectNode oneOf(String description, JsonNode... alternatives) {
        ObjectNode node = F.objectNode();
        node.put("description", description);
        ArrayNode list = node.putArray("oneOf");
        for (JsonNode alternative : alternatives) {
            list.add(alternative);
        }
        return node;
    }

    /** {@code {"type": type}}: an output field without words (the tool's description says what it means). */
    public static ObjectNode type(String type) {
        return typed(type, null);
    }

    /** {@code {"type": [type, "null"]}}. */
    public static ObjectNode nullable(String type) {
        ObjectNode node = F.objectNode();
        node.putArray("type").add(type).add("null");
        return node;
    }

    /** {@code {"type": "array", "items": items}}. */
    public static ObjectNode list(JsonNode items) {
        return arrayOf(null, items);
    }

    /** An output object: fields added with {@link ResultBuilder#field} are always present, nothing else appears. */
    public static ResultBuilder result() {
        return new ResultBuilder();
    }

    private static ObjectNode typed(String type, String description) {
        ObjectNode node = F.objectNode();
        node.put("type", type);
        if (description != null) {
            node.put("description", description);
        }
        return node;
    }

    public static final class ObjectBuilder {
        private final ObjectNode schema = F.objectNode();
        private final ObjectNode properties;
        private final ArrayNode required;

        private ObjectBuilder() {
            schema.put("type", "object");
            properties = schema.putObject("properties");
            required = schema.putArray("required");
        }

        public ObjectBuilder required(String name, ObjectNode property) {
            properties.set(name, property);
            required.add(name);
            return this;
        }

        public ObjectBuilder optional(String name, ObjectNode property) {
            properties.set(name, property);
            return this;
        }

        public ObjectBuilder withDefault(String name, Object value) {
            ObjectNode property = (ObjectNode) properties.get(name);
            property.set("default", valueNode(value));
            return this;
        }

        public ObjectBuilder description(String description) {
            schema.put("description", description);
            return this;
        }

        /** Open schemas accept extra keys (used for output schemas that grow). */
        public ObjectBuilder open() {
            schema.put("additionalProperties", true);
            return this;
        }

        public ObjectNode build() {
            if (!schema.has("additionalProperties")) {
                schema.put("additionalProperties", false);
            }
            if (required.isEmpty()) {
                schema.remove("required");
            }
            return schema;
        }

        private static JsonNode valueNode(Object value) {
            if (value instanceof Integer i) {
                return F.numberNode(i);
            }
            if (value instanceof Boolean b) {
                return F.booleanNode(b);
            }
            return F.textNode(String.valueOf(value));
        }
    }

    /** Output schemas: exact about which fields appear and their types, so a validator checks every result. */
    public static final class ResultBuilder {
        private final ObjectNode schema = F.objectNode();
        private final ObjectNode properties;
        private final ArrayNode required;

        private ResultBuilder() {
            schema.put("type", "object");
            properties = schema.putObject("properties");
            required = schema.putArray("required");
        }

        /** A field every result has. */
        public ResultBuilder field(String name, JsonNode property) {
            properties.set(name, property);
            required.add(name);
            return this;
        }

        /** A field only some results have. */
        public ResultBuilder maybe(String name, JsonNode property) {
            properties.set(name, property);
            return this;
        }

        /** Every field of another result schema, with the same presence. */
        public ResultBuilder fieldsOf(ObjectNode other) {
            java.util.Set<String> otherRequired = new java.util.HashSet<>();
            other.path("required").forEach(name -> otherRequired.add(name.asText()));
            other.path("properties").fields().forEachRemaining(entry -> {
                if (otherRequired.contains(entry.getKey())) {
                    field(entry.getKey(), entry.getValue());
                } else {
                    maybe(entry.getKey(), entry.getValue());
                }
            });
            return this;
        }

        public ObjectNode build() {
            if (required.isEmpty()) {
                schema.remove("required");
            }
            schema.put("additionalProperties", false);
            return schema;
        }
    }
}
