package com.dbadmin.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;

import static com.dbadmin.tool.JsonSchemas.*;

/** Argument schemas shared by several tools, so each concept is described once. */
public final class CommonSchemas {
    private CommonSchemas() {
    }

    public static ObjectNode table() {
        ObjectNode node = string("Table name, optionally schema-qualified (schema.table); views work for reads");
        node.put("minLength", 1);
        node.put("maxLength", 200);
        return node;
    }

    public static ObjectNode where(String purpose) {
        return freeObject(purpose + ". Keys are column names: a scalar means =, null means IS NULL, an array"
                + " means IN; or an operator object with $eq $ne $gt $gte $lt $lte $in $nin $like $ilike $null"
                + " (combined with AND). Use {\"$or\": [filter, ...]} / {\"$and\": [...]} for groups.");
    }

    public static ObjectNode data(String purpose) {
        ObjectNode node = freeObject(purpose + ": column name to value. json/jsonb take any JSON, arrays take"
                + " JSON arrays, bytea takes base64 text, timestamps ISO-8601 text");
        return node;
    }

    public static ObjectNode onConflict() {
        return oneOf("What to do when a row collides with a unique key; the default is to fail with DB_409_CONFLICT",
                enumOf("Skip the row ('nothing') or update the existing one ('update')", "nothing", "update", "error"),
                object()
                        .required("action", enumOf("nothing | update | error", "nothing", "update", "error"))
                        .optional("target", arrayOf("Conflict columns (default: any unique key for 'nothing', the primary key for 'update')", string(null)))
                        .optional("update_columns", arrayOf("Columns to overwrite on conflict (default: all inserted"
                                + " columns outside the target)", string(null)))
                        .build());
    }

    /** Rows (or entries) to skip when paging; bounded so it fits every page arithmetic. */
    public static ObjectNode offset(String description) {
        return integer(description, 0, Integer.MAX_VALUE);
    }

    /** Results are JSON objects whose fields each tool documents; errors carry {@code error.code}. */
    public static ObjectNode openResult(String description) {
        return object().description(description).open().build();
    }
}
