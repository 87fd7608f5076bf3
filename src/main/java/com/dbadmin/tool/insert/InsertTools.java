package com.dbadmin.tool.insert;

import com.dbadmin.call.Scope;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolGroup;
import com.dbadmin.call.ToolHints;
import com.dbadmin.guard.TableAccess;
import com.dbadmin.sql.ConflictAction;
import com.dbadmin.sql.RecordStatements;
import com.dbadmin.sql.SqlBuilder;
import com.dbadmin.sql.catalog.TableInfo;
import com.dbadmin.tool.ChangeSupport;
import com.dbadmin.tool.CommonSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static com.dbadmin.tool.JsonSchemas.*;

/** The insert group: single-record insert (with upsert), update and delete. */
@Factory
class InsertTools {
    private final TableAccess tables;
    private final ChangeSupport changes;

    public InsertTools(TableAccess tables, ChangeSupport changes) {
        this.tables = tables;
        this.changes = changes;
    }

    @Singleton
    @Named("db_insert_record")
    ToolDefinition insertRecord() {
        return ToolDefinition.builder("db_insert_record")
                .title("Insert a record")
                .description("Insert one row (upsert with on_conflict); returns it as stored.")
                .group(ToolGroup.INSERT, Scope.WRITE)
                .hints(ToolHints.ADDITIVE)
                .tableArgument("table")
                .input(object()
                        .required("table", CommonSchemas.table())
                        .required("data", CommonSchemas.data("The row to insert"))
                        .optional("on_conflict", CommonSchemas.onConflict())
                        .build())
                .output(CommonSchemas.output(result()
                        .field("table", type("string"))
                        .field("action", enumOf(null, "inserted", "updated", "skipped"))
                        .field("record", nullable("object"))
                        .build()))
                .handler(this::insert);
    }

    @Singleton
    @Named("db_update_records")
    ToolDefinition updateRecords() {
        return ToolDefinition.builder("db_update_records")
                .title("Update records")
                .description("Update the rows matching a non-empty filter; returns them.")
                .group(ToolGroup.INSERT, Scope.WRITE)
                .hints(ToolHints.DESTRUCTIVE_IDEMPOTENT)
                .tableArgument("table")
                .input(object()
                        .required("table", CommonSchemas.table())
                        .required("data", nonEmpty(CommonSchemas.data("Columns to set")))
                        .required("where", nonEmpty(CommonSchemas.where("Rows to update")))
                        .build())
                .output(CommonSchemas.output(result()
                        .field("table", type("string"))
                        .field("updated_count", type("integer"))
                        .field("records", CommonSchemas.rows())
                        .build()))
                .handler(this::update);
    }

    @Singleton
    @Named("db_delete_records")
    ToolDefinition deleteRecords() {
        return ToolDefinition.builder("db_delete_records")
                .title("Delete records")
                .description("Delete the rows matching a non-empty filter; returns them.")
                .group(ToolGroup.INSERT, Scope.WRITE)
                .hints(ToolHints.DESTRUCTIVE_IDEMPOTENT)
                .tableArgument("table")
                .input(object()
                        .required("table", CommonSchemas.table())
                        .required("where", nonEmpty(CommonSchemas.where("Rows to delete")))
                        .optional("soft_delete", bool("Set deleted_at = now() instead (tables with that column)"))
                        .build())
                .output(CommonSchemas.output(result()
                        .field("table", type("string"))
                        .field("deleted_count", type("integer"))
                        .field("soft_deleted", type("boolean"))
                        .field("records", CommonSchemas.rows())
                        .build()))
                .handler(this::delete);
    }

    private ObjectNode insert(ToolCall call) throws SQLException {
        TableInfo table = tables.writable(call, call.args().string("table"));
        ObjectNode data = call.args().optObject("data");
        ConflictAction conflict = ConflictAction.parse(call.args().get("on_conflict"), table, fieldNames(data));
        if (conflict.kind() == ConflictAction.Kind.UPDATE) {
            tables.checkUpdate(table, conflict.updateColumns());
        }
        SqlBuilder sql = new SqlBuilder();
        RecordStatements.insert(sql, table, data, conflict);
        ArrayNode rows = changes.query(call.session().connection(), sql);

        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("table", table.qualifiedName());
        if (rows.isEmpty()) {
            result.put("action", "skipped");
            result.putNull("record");
            changes.record(call, table, null, rows);
            return result;
        }
        ObjectNode record = (ObjectNode) rows.get(0);
        boolean inserted = record.path(RecordStatements.INSERTED_FLAG).asBoolean(true);
        record.remove(RecordStatements.INSERTED_FLAG);
        result.put("action", inserted ? "inserted" : "updated");
        result.set("record", record);
        changes.record(call, table, null, rows);
        return result;
    }

    private ObjectNode update(ToolCall call) throws SQLException {
        TableInfo table = tables.writable(call, call.args().string("table"));
        JsonNode where = call.args().get("where");
        tables.checkUpdate(table, RecordStatements.writableColumns(table, call.args().optObject("data")).stream()
                .map(column -> column.name()).toList());
        Connection connection = call.session().connection();
        ArrayNode before = changes.lockAffected(connection, table, where);
        SqlBuilder sql = new SqlBuilder();
        RecordStatements.update(sql, table, call.args().optObject("data"), where);
        ArrayNode after = changes.query(connection, sql);
        changes.checkAffected(after.size());
        changes.record(call, table, before, after);

        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("table", table.qualifiedName());
        result.put("updated_count", after.size());
        result.set("records", after);
        return result;
    }

    private ObjectNode delete(ToolCall call) throws SQLException {
        TableInfo table = tables.writable(call, call.args().string("table"));
        JsonNode where = call.args().get("where");
        boolean soft = call.args().optBoolean("soft_delete", false);
        Connection connection = call.session().connection();
        SqlBuilder sql = new SqlBuilder();
        if (soft) {
            RecordStatements.softDelete(sql, table, where);
            tables.checkUpdate(table, List.of(RecordStatements.DELETED_AT));
        } else {
            RecordStatements.delete(sql, table, where);
            tables.checkDelete(table);
        }
        ArrayNode before = changes.lockAffected(connection, table, where);
        ArrayNode rows = changes.query(connection, sql);
        changes.checkAffected(rows.size());
        changes.record(call, table, before, soft ? rows : null);

        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("table", table.qualifiedName());
        result.put("deleted_count", rows.size());
        result.put("soft_deleted", soft);
        result.set("records", rows);
        return result;
    }

    private static List<String> fieldNames(ObjectNode data) {
        List<String> names = new ArrayList<>();
        data.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
