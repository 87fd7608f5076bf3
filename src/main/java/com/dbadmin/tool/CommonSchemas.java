package com.dbadmin.tool;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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

    /** The arguments of db_query_records: a page of rows of one table, filtered, projected and ordered. */
    public static ObjectNode recordsRequest(int defaultLimit, int maxRows) {
        return object()
                .required("table", table())
                .optional("columns", arrayOf("Columns to return (default: all)", string(null)))
                .optional("where", where("Row filter"))
                .optional("order_by", arrayOf("Sort order", object()
                        .required("column", string("Column name"))
                        .optional("direction", enumOf("asc (default) or desc", "asc", "desc", "ASC", "DESC"))
                        .build()))
                .optional("limit", integer("Rows per page (default " + defaultLimit + ")", 1, maxRows))
                .optional("offset", integer("Rows to skip", 0, null))
                .build();
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

    /** Results are JSON objects whose fields each tool documents; errors carry {@code error.code}. */
    public static ObjectNode openResult(String description) {
        return object().description(description).open().build();
    }

    /**
     * A tool's output schema: its success shape, or the error every tool can return. Both are exact, so a
     * JSON Schema validator accepts every structuredContent the tool returns and nothing else.
     */
    public static ObjectNode output(ObjectNode success) {
        ((ObjectNode) success.get("properties")).set(ToolResults.SERVED_BY, servedBy());
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        schema.putArray("anyOf").add(success).add(error());
        return schema;
    }

    /** {@code {"error": {"code", "message", "retryable", "violations"?, ...details}}}, as ToolResults writes it. */
    static ObjectNode error() {
        ObjectNode code = type("string");
        code.put("pattern", "^DB_[0-9]{3}_[A-Z_]+$");
        ObjectNode error = result()
                .field("code", code)
                .field("message", type("string"))
                .field("retryable", type("boolean"))
                .maybe("violations", list(type("string")))
                .build();
        // Details differ by failure (sqlstate, constraint, column, index, retry_after_seconds, ...).
        error.remove("additionalProperties");
        return result().field("error", error).build();
    }

    /** {@code served_by}: present when the database has a read replica (see ToolInvoker). */
    static ObjectNode servedBy() {
        return result()
                .field("server", enumOf(null, "primary", "replica"))
                .field("replay_lag_ms", nullable("integer"))
                .field("fallback", nullable("string"))
                .build();
    }

    /** Rows as the database returned them: column name to value. */
    public static ObjectNode rows() {
        return list(type("object"));
    }

    public static ObjectNode strings() {
        return list(type("string"));
    }
}
