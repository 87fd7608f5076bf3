package com.dbadmin.tool.batch;

import com.dbadmin.call.Scope;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.ToolGroup;
import com.dbadmin.call.ToolHints;
import com.dbadmin.guard.Limits;
import com.dbadmin.guard.TableAccess;
import com.dbadmin.sql.FilterCompiler;
import com.dbadmin.sql.RecordStatements;
import com.dbadmin.sql.SqlBuilder;
import com.dbadmin.sql.batch.AtomicBatch;
import com.dbadmin.sql.batch.BatchErrors;
import com.dbadmin.sql.batch.BatchFilters;
import com.dbadmin.sql.batch.BatchInsert;
import com.dbadmin.sql.batch.BatchRecords;
import com.dbadmin.sql.batch.BatchUpdate;
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

/**
 * The batch group: many records in one call, all or nothing. Each call runs in the call's single
 * transaction; a failure rolls everything back and names the item at fault ({@code records[17]},
 * {@code "index": 17}). The set-based SQL lives in {@code sql.batch}.
 */
@Factory
class BatchTools {
    private final TableAccess tables;
    private final ChangeSupport changes;
    private final Limits limits;

    public BatchTools(TableAccess tables, ChangeSupport changes, Limits limits) {
        this.tables = tables;
        this.changes = changes;
        this.limits = limits;
    }

    @Singleton
    @Named("db_batch_insert")
    ToolDefinition batchInsert() {
        return ToolDefinition.builder("db_batch_insert")
                .title("Insert many records")
                .description("Insert many rows, all or none; a failure names the record index. Records may differ"
                        + " in columns (missing ones take defaults). return_records=false is cheaper.")
                .group(ToolGroup.BATCH, Scope.BATCH)
                .hints(ToolHints.ADDITIVE)
                .tableArgument("table")
                .input(object()
                        .required("table", CommonSchemas.table())
                        .required("records", batch(CommonSchemas.data("One row")))
                        .optional("on_conflict", CommonSchemas.onConflict())
                        .optional("return_records", bool(null))
                        .withDefault("return_records", true)
                        .build())
                .output(CommonSchemas.output(result()
                        .field("table", type("string"))
                        .field("inserted_count", type("integer"))
                        .field("updated_count", type("integer"))
                        .field("skipped_count", type("integer"))
                        .maybe("records", CommonSchemas.rows())
                        .build()))
                .handler(this::insert);
    }

    @Singleton
    @Named("db_batch_update")
    ToolDefinition batchUpdate() {
        return ToolDefinition.builder("db_batch_update")
                .title("Update many records")
                .description("Apply {where, data} updates in order, all or none; a failure names the update index."
                        + " unmatched lists updates that matched no row.")
                .group(ToolGroup.BATCH, Scope.BATCH)
                .hints(ToolHints.DESTRUCTIVE_IDEMPOTENT)
                .tableArgument("table")
                .input(object()
                        .required("table", CommonSchemas.table())
                        .required("updates", batch(object()
                                .required("where", nonEmpty(CommonSchemas.where("Rows to update")))
                                .required("data", nonEmpty(CommonSchemas.data("Columns to set")))
                                .build()))
                        .optional("return_records", bool(null))
                        .withDefault("return_records", true)
                        .build())
                .output(CommonSchemas.output(result()
                        .field("table", type("string"))
                        .field("updated_count", type("integer"))
                        .field("unmatched", list(type("integer")))
                        .maybe("records", CommonSchemas.rows())
                        .build()))
                .handler(this::update);
    }

    @Singleton
    @Named("db_batch_delete")
    ToolDefinition batchDelete() {
        return ToolDefinition.builder("db_batch_delete")
                .title("Delete many records")
                .description("Delete the rows matching any of the non-empty conditions, all or none; a failure names"
                        + " the condition index.")
                .group(ToolGroup.BATCH, Scope.BATCH)
                .hints(ToolHints.DESTRUCTIVE_IDEMPOTENT)
                .tableArgument("table")
                .input(object()
                        .required("table", CommonSchemas.table())
                        .required("conditions", batch(nonEmpty(CommonSchemas.where("Rows to delete"))))
                        .optional("soft_delete", bool("Set deleted_at = now() instead (tables with that column)"))
                        .optional("return_records", bool(null))
                        .withDefault("return_records", true)
                        .build())
                .output(CommonSchemas.output(result()
                        .field("table", type("string"))
                        .field("deleted_count", type("integer"))
                        .field("soft_deleted", type("boolean"))
                        .maybe("records", CommonSchemas.rows())
                        .build()))
                .handler(this::delete);
    }

    private ObjectNode insert(ToolCall call) throws SQLException {
        TableInfo table = tables.writable(call, call.args().string("table"));
        ArrayNode input = call.args().optArray("records");
        boolean returnRecords = call.args().optBoolean("return_records", true);
        BatchRecords records = BatchRecords.encode(table, input, "records");
        BatchInsert insert = new BatchInsert(table, call.args().get("on_conflict"),
                returnRecords ? BatchInsert.Returning.ROWS : BatchInsert.Returning.NOTHING);
        java.util.Set<String> overwritten = insert.check(records);
        if (!overwritten.isEmpty()) {
            tables.checkUpdate(table, overwritten);
        }
        Connection connection = call.session().connection();
        call.progress(0, (long) records.size(), "writing " + records.size() + " records");
        BatchInsert.Outcome outcome = AtomicBatch.run(connection, "records", records.size(),
                count -> insert.run(connection, count == records.size() ? records : records.prefix(count)));
        call.progress(records.size(), (long) records.size(), "wrote " + records.size() + " records");

        long written = outcome.inserted() + outcome.updated();
        if (returnRecords) {
            changes.record(call, table, null, outcome.rows());
        } else {
            changes.recordBulk(call, table, outcome.rows() != null ? outcome.rows() : suppliedKeys(table, input),
                    written);
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("table", table.qualifiedName());
        result.put("inserted_count", outcome.inserted());
        result.put("updated_count", outcome.updated());
        result.put("skipped_count", input.size() - written);
        if (returnRecords) {
            result.set("records", outcome.rows());
        }
        return result;
    }

    private ObjectNode update(ToolCall call) throws SQLException {
        TableInfo table = tables.writable(call, call.args().string("table"));
        BatchUpdate updates = BatchUpdate.of(table, call.args().optArray("updates"), "updates");
        tables.checkUpdate(table, updates.dataColumns());
        Connection connection = call.session().connection();
        call.progress(0, (long) updates.size(), "applying " + updates.size() + " updates");
        ArrayNode before = changes.lockAffected(connection, table, BatchFilters.union(table, updates.filters()));
        BatchUpdate.Outcome outcome = AtomicBatch.run(connection, "updates", updates.size(),
                count -> updates.run(connection, count));
        call.progress(updates.size(), (long) updates.size(), "applied " + updates.size() + " updates");
        changes.record(call, table, before, outcome.rows());

        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("table", table.qualifiedName());
        long updated = 0;
        ArrayNode unmatched = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < outcome.matched().length; i++) {
            updated += outcome.matched()[i];
            if (outcome.matched()[i] == 0) {
                unmatched.add(i);
            }
        }
        result.put("updated_count", updated);
        result.set("unmatched", unmatched);
        if (call.args().optBoolean("return_records", true)) {
            result.set("records", outcome.rows());
        }
        return result;
    }

    private ObjectNode delete(ToolCall call) throws SQLException {
        TableInfo table = tables.writable(call, call.args().string("table"));
        ArrayNode conditions = call.args().optArray("conditions");
        boolean soft = call.args().optBoolean("soft_delete", false);
        List<JsonNode> filters = new ArrayList<>(conditions.size());
        for (int index = 0; index < conditions.size(); index++) {
            try {
                FilterCompiler.appendWriteFilter(new SqlBuilder(), table, conditions.get(index));
            } catch (ToolException e) {
                throw BatchErrors.at("conditions", index, e);
            }
            filters.add(conditions.get(index));
        }
        if (soft) {
            tables.checkUpdate(table, List.of(RecordStatements.DELETED_AT));
        } else {
            tables.checkDelete(table);
        }
        Connection connection = call.session().connection();
        call.progress(0, (long) filters.size(), "deleting by " + filters.size() + " conditions");
        ArrayNode before = changes.lockAffected(connection, table, BatchFilters.union(table, filters));
        ArrayNode rows = AtomicBatch.run(connection, "conditions", filters.size(), count -> {
            SqlBuilder sql = new SqlBuilder();
            JsonNode where = BatchFilters.union(table, filters.subList(0, count));
            if (soft) {
                RecordStatements.softDelete(sql, table, where);
            } else {
                RecordStatements.delete(sql, table, where);
            }
            return changes.query(connection, sql);
        });
        changes.checkAffected(rows.size());
        changes.record(call, table, before, soft ? rows : null);
        call.progress(filters.size(), (long) filters.size(), "deleted " + rows.size() + " rows");

        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("table", table.qualifiedName());
        result.put("deleted_count", rows.size());
        result.put("soft_deleted", soft);
        if (call.args().optBoolean("return_records", true)) {
            result.set("records", rows);
        }
        return result;
    }

    /** The batch size limit is part of the schema, so clients can see it before they call. */
    private ObjectNode batch(ObjectNode items) {
        ObjectNode schema = list(items);
        schema.put("minItems", 1);
        schema.put("maxItems", limits.maxBatchSize());
        return schema;
    }

    /** Primary keys the records themselves carry (COPY returns none), for the audit trail. */
    private static ArrayNode suppliedKeys(TableInfo table, ArrayNode records) {
        ArrayNode keys = JsonNodeFactory.instance.arrayNode();
        if (table.primaryKey().isEmpty()) {
            return keys;
        }
        for (JsonNode record : records) {
            ObjectNode key = JsonNodeFactory.instance.objectNode();
            for (String column : table.primaryKey()) {
                JsonNode value = record.get(column);
                if (value == null || value.isNull()) {
                    key = null;
                    break;
                }
                key.set(column, value);
            }
            if (key != null) {
                keys.add(key);
            }
        }
        return keys;
    }
}
