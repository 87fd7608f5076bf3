package com.dbadmin.tool.schema;

import com.dbadmin.tool.CommonSchemas;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static com.dbadmin.tool.JsonSchemas.*;

/** The output schemas of the schema tools, field for field what {@link SchemaJson} writes. */
final class OutputSchemas {
    private OutputSchemas() {
    }

    static ObjectNode table() {
        ObjectNode primaryKey = constraint().build();
        primaryKey.putArray("type").add("object").add("null");
        return result()
                .field("table", type("string"))
                .field("schema", type("string"))
                .field("name", type("string"))
                .field("kind", type("string"))
                .field("comment", nullable("string"))
                .field("columns", list(column().build()))
                .field("primary_key", primaryKey)
                .field("unique_constraints", list(constraint().build()))
                .field("check_constraints", list(constraint()
                        .field("expression", type("string")).field("validated", type("boolean")).build()))
                .maybe("exclusion_constraints", list(constraint().field("definition", type("string")).build()))
                .field("foreign_keys", list(foreignKey(false).build()))
                .field("referenced_by", list(foreignKey(true).build()))
                .field("indexes", list(index()))
                .field("triggers", list(result()
                        .field("name", type("string")).field("enabled", type("boolean"))
                        .field("definition", type("string")).build()))
                .field("statistics", result()
                        .field("estimated_rows", nullable("integer")).field("total_bytes", nullable("integer"))
                        .field("table_bytes", nullable("integer")).field("index_bytes", nullable("integer")).build())
                .maybe("view_definition", nullable("string"))
                .maybe("view_definition_hidden", type("string"))
                .maybe("populated", type("boolean"))
                .fieldsOf(cacheInfo())
                .build();
    }

    static ObjectNode tableList() {
        return result()
                .field("tables", list(result()
                        .field("schema", type("string"))
                        .field("name", type("string"))
                        .field("table", type("string"))
                        .field("kind", type("string"))
                        .field("system", type("boolean"))
                        .field("column_count", type("integer"))
                        .field("estimated_rows", nullable("integer"))
                        .field("total_bytes", nullable("integer"))
                        .field("comment", nullable("string"))
                        .build()))
                .fieldsOf(CommonSchemas.page())
                .fieldsOf(cacheInfo())
                .build();
    }

    static ObjectNode relationships() {
        ObjectNode step = foreignKey(true)
                .field("table", type("string"))
                .field("level", type("integer"))
                .field("via", type("string"))
                .maybe("already_reached", type("boolean"))
                .build();
        return result()
                .field("table", type("string"))
                .field("depth", type("integer"))
                .field("parents", list(step))
                .field("children", list(step.deepCopy()))
                .field("self_references", list(foreignKey(true).build()))
                .fieldsOf(cacheInfo())
                .build();
    }

    /** The short column form, or with include_metadata every column field plus its roles. */
    static ObjectNode columnList() {
        ResultBuilder item = result()
                .field("name", type("string"))
                .field("type", type("string"))
                .field("nullable", type("boolean"))
                .field("default", nullable("string"))
                .field("primary_key", type("boolean"));
        ObjectNode full = column()
                .field("unique", type("boolean"))
                .field("indexed", type("boolean"))
                .field("references", list(result()
                        .field("table", type("string")).field("column", type("string"))
                        .field("constraint", type("string")).build()))
                .build();
        full.path("properties").fields().forEachRemaining(entry -> {
            if (!entry.getKey().equals("name") && !entry.getKey().equals("type") && !entry.getKey().equals("nullable")
                    && !entry.getKey().equals("default") && !entry.getKey().equals("primary_key")) {
                item.maybe(entry.getKey(), entry.getValue());
            }
        });
        return result()
                .field("table", type("string"))
                .field("columns", list(item.build()))
                .field("count", type("integer"))
                .fieldsOf(cacheInfo())
                .build();
    }

    private static ResultBuilder column() {
        return result()
                .field("name", type("string"))
                .field("position", type("integer"))
                .field("type", type("string"))
                .field("udt_schema", nullable("string"))
                .field("udt_name", nullable("string"))
                .field("type_kind", nullable("string"))
                .field("is_array", type("boolean"))
                .maybe("enum_values", list(type("string")))
                .field("nullable", type("boolean"))
                .field("default", nullable("string"))
                .field("identity", nullable("string"))
                .field("generated", nullable("string"))
                .maybe("generation_expression", type("string"))
                .field("max_length", nullable("integer"))
                .field("numeric_precision", nullable("integer"))
                .field("numeric_scale", nullable("integer"))
                .maybe("collation", type("string"))
                .field("comment", nullable("string"))
                .field("primary_key", type("boolean"));
    }

    private static ResultBuilder constraint() {
        return result()
                .field("name", type("string"))
                .field("columns", list(type("string")))
                .maybe("deferrable", type("boolean"))
                .maybe("initially_deferred", type("boolean"));
    }

    /** Outgoing keys say what they reference; incoming ones ({@code full}) also which table holds them. */
    private static ResultBuilder foreignKey(boolean full) {
        ResultBuilder key = result().field("name", type("string"));
        if (full) {
            key.field("from_table", type("string"));
        }
        return key
                .field("columns", list(type("string")))
                .field("referenced_table", type("string"))
                .field("referenced_columns", list(type("string")))
                .field("on_delete", type("string"))
                .field("on_update", type("string"))
                .field("match", type("string"))
                .maybe("deferrable", type("boolean"))
                .maybe("initially_deferred", type("boolean"));
    }

    private static ObjectNode index() {
        ObjectNode key = result().maybe("column", type("string")).maybe("expression", type("string")).build();
        key.put("minProperties", 1);
        key.put("maxProperties", 1);
        return result()
                .field("name", type("string"))
                .field("keys", list(key))
                .field("columns", list(type("string")))
                .maybe("include", list(type("string")))
                .field("unique", type("boolean"))
                .field("primary", type("boolean"))
                .field("method", type("string"))
                .field("predicate", nullable("string"))
                .field("constraint", nullable("string"))
                .field("valid", type("boolean"))
                .field("size_bytes", type("integer"))
                .field("definition", type("string"))
                .build();
    }

    private static ObjectNode cacheInfo() {
        return result().field("from_cache", type("boolean")).field("cached_at", CommonSchemas.timestamp()).build();
    }
}
