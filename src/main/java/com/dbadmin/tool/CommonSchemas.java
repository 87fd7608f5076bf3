package com.dbadmin.tool;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static com.dbadmin.tool.JsonSchemas.*;

/** Argument schemas shared by several tools, so each concept is described once. */
public final class CommonSchemas {
    private CommonSchemas() {
    }

    public static ObjectNode table() {
        // What a table name may be is explained once, in the MCP server instructions and docs/tools.md.
        ObjectNode node = string(null);
        node.put("minLength", 1);
        node.put("maxLength", 200);
        return node;
    }

    /**
     * A point in time given as an ISO-8601 date-time or a date ({@code 2026-11-21}: that day's start, or its
     * end where the description says so).
     */
    public static ObjectNode dateOrDateTime(String description) {
        ObjectNode node = string(description);
        node.putArray("anyOf").add(JsonNodeFactory.instance.objectNode().put("format", "date-time"))
                .add(JsonNodeFactory.instance.objectNode().put("format", "date"));
        node.putArray("examples").add("2026-11-21T09:30:00Z").add("2026-11-21");
        return node;
    }

    /** A time the server reports: ISO-8601 date-time in UTC. */
    public static ObjectNode timestamp() {
        ObjectNode node = type("string");
        node.put("format", "date-time");
        return node;
    }

    public static ObjectNode where(String purpose) {
        return freeObject(purpose);
    }

    /** The arguments of db_query_records: a page of rows of one table, filtered, projected and ordered. */
    public static ObjectNode recordsRequest(int defaultLimit, int maxRows) {
        return object()
                .required("table", table())
                .optional("columns", arrayOf("Default: all", string(null)))
                .optional("where", where("Row filter"))
                .optional("order_by", arrayOf("Sort order", object()
                        .required("column", string(null))
                        .optional("direction", enumOf(null, "asc", "desc", "ASC", "DESC"))
                        .build()))
                .optional("limit", integer("Default " + defaultLimit, 1, maxRows))
                .optional("offset", offset(null))
                .build();
    }

    public static ObjectNode data(String purpose) {
        return freeObject(purpose + ": column name to value");
    }

    public static ObjectNode onConflict() {
        return oneOf("On a unique-key collision: fail (error, the default: DB_409_CONFLICT), keep the existing row"
                        + " (skip) or update it (update)",
                enumOf(null, "error", "skip", "update"),
                object()
                        .required("action", enumOf(null, "error", "skip", "update"))
                        .optional("target", arrayOf("Conflict columns (default: any unique key; the primary key for update)",
                                string(null)))
                        .optional("update_columns", arrayOf("Columns to overwrite (default: inserted columns outside"
                                + " target)", string(null)))
                        .build());
    }

    /**
     * A tool's output schema: its success shape, or the error every tool can return. Both are exact, so a
     * JSON Schema validator accepts every structuredContent the tool returns and nothing else.
     */
    public static ObjectNode output(ObjectNode success) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        // The root says "object"; the branches need not repeat it.
        success.remove("type");
        ObjectNode error = error();
        error.remove("type");
        schema.putArray("anyOf").add(success).add(error);
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

    /** Rows as the database returned them: column name to value. */
    /** The paging fields of every listing: count, total_count, limit, offset, has_more. */
    public static ObjectNode page() {
        return JsonSchemas.result()
                .field("count", JsonSchemas.type("integer"))
                .field("total_count", JsonSchemas.type("integer"))
                .field("limit", JsonSchemas.type("integer"))
                .field("offset", JsonSchemas.type("integer"))
                .field("has_more", JsonSchemas.type("boolean"))
                .build();
    }

    public static ObjectNode rows() {
        return list(type("object"));
    }

    public static ObjectNode strings() {
        return list(type("string"));
    }

    /** {@code served_by}: in every result when the database has a read replica (ToolInvoker, ServedBySchema). */
    static ObjectNode servedBy() {
        return result()
                .field("server", enumOf(null, "primary", "replica"))
                .field("replay_lag_ms", nullable("integer"))
                .field("fallback", nullable("string"))
                .build();
    }

    /** Rows (or entries) to skip when paging; bounded so it fits every page arithmetic. */
    public static ObjectNode offset(String description) {
        return integer(description, 0, Integer.MAX_VALUE);
    }
}
