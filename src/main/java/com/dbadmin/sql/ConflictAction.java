package com.dbadmin.sql;

import com.dbadmin.call.ToolException;
import com.dbadmin.sql.catalog.ColumnInfo;
import com.dbadmin.sql.catalog.TableInfo;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What an insert does when a row collides with a unique key: fail (the default), skip the row, or
 * update the given columns of the existing row (an upsert).
 *
 * <p>Accepted forms: {@code "nothing"}, {@code "update"}, or
 * {@code {"action": "nothing"|"update", "target": ["col"], "update_columns": ["col"]}}. Without a
 * target, "nothing" skips rows colliding with any unique key and "update" uses the primary key; the
 * update columns default to every inserted column outside the target.
 */
public record ConflictAction(Kind kind, List<String> target, List<String> updateColumns) {

    public enum Kind { ERROR, NOTHING, UPDATE }

    public static final ConflictAction ERROR = new ConflictAction(Kind.ERROR, List.of(), List.of());

    public static ConflictAction parse(JsonNode node, TableInfo table, Collection<String> insertedColumns) {
        if (node == null || node.isNull()) {
            return ERROR;
        }
        String action;
        JsonNode targetNode = null;
        JsonNode updateNode = null;
        if (node.isTextual()) {
            action = node.asText();
        } else if (node.isObject()) {
            action = node.path("action").asText("nothing");
            targetNode = node.get("target");
            updateNode = node.get("update_columns");
        } else {
            throw ToolException.validation("on_conflict must be \"nothing\", \"update\" or an object");
        }
        Kind kind = switch (action.toLowerCase(java.util.Locale.ROOT)) {
            case "nothing", "do_nothing", "ignore", "skip" -> Kind.NOTHING;
            case "update", "do_update", "upsert" -> Kind.UPDATE;
            case "error" -> Kind.ERROR;
            default -> throw ToolException.validation("on_conflict action must be 'nothing', 'update' or 'error'");
        };
        if (kind == Kind.ERROR) {
            return ERROR;
        }
        // Skipping needs no target (any unique key counts); updating needs one, the primary key by default.
        List<String> target = targetNode != null && !targetNode.isNull() ? columns(table, targetNode)
                : kind == Kind.NOTHING ? List.of() : table.primaryKey();
        if (kind == Kind.UPDATE && target.isEmpty()) {
            throw ToolException.validation("on_conflict update needs a target: " + table.qualifiedName()
                    + " has no primary key, so name the unique columns in on_conflict.target");
        }
        List<String> update;
        if (updateNode == null || updateNode.isNull()) {
            update = new ArrayList<>();
            for (String column : insertedColumns) {
                if (!target.contains(column)) {
                    update.add(column);
                }
            }
        } else {
            update = columns(table, updateNode);
        }
        if (kind == Kind.UPDATE && update.isEmpty()) {
            kind = Kind.NOTHING;
        }
        return new ConflictAction(kind, target, update);
    }

    /** Appends the ON CONFLICT clause, if any. */
    public void append(SqlBuilder sql) {
        if (kind == Kind.ERROR) {
            return;
        }
        sql.append(" ON CONFLICT");
        if (!target.isEmpty()) {
            sql.append(" (");
            for (int i = 0; i < target.size(); i++) {
                if (i > 0) {
                    sql.append(", ");
                }
                sql.identifier(target.get(i));
            }
            sql.append(")");
        }
        if (kind == Kind.NOTHING) {
            sql.append(" DO NOTHING");
            return;
        }
        sql.append(" DO UPDATE SET ");
        for (int i = 0; i < updateColumns.size(); i++) {
            if (i > 0) {
                sql.append(", ");
            }
            sql.identifier(updateColumns.get(i)).append(" = EXCLUDED.").identifier(updateColumns.get(i));
        }
    }

    private static List<String> columns(TableInfo table, JsonNode names) {
        if (!names.isArray() || names.isEmpty()) {
            throw ToolException.validation("on_conflict column lists must be non-empty arrays of column names");
        }
        List<String> resolved = new ArrayList<>();
        for (JsonNode name : names) {
            ColumnInfo column = FilterCompiler.column(table, name.asText());
            resolved.add(column.name());
        }
        return resolved;
    }
}
