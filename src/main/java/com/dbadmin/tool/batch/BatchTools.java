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
                .description("Insert up to " + limits.maxBatchSize() + " rows in one transaction: all are written"
                        + " or none, and a failure names the record index and the constraint or column at fault."
                        + " Records may carry different columns; a column a record leaves out takes its default."
                        + " on_conflict skips or updates rows that collide with a unique key (upsert)."
                        + " return_records=false skips returning the stored rows, which makes large batches cheaper.")
                .group(ToolGroup.BATCH, Scope.BATCH)
                .hints(ToolHints.ADDITIVE)
                .tableArgument("table")
                .input(object()
                        .required("table", CommonSchemas.table())
                        .required("records", batch("Rows to insert: column name to value. json/jsonb take any"
                                + " JSON, arrays JSON arrays, bytea base64 text, timestamps ISO-8601 text",
                                CommonSchemas.data("One row")))
                        .optional("on_conflict", CommonSchemas.onConflict())
                        .optional("return_records", bool("Return the stored rows (default true)"))
                        .withDefault("return_records", true)
                        .build())
                .output(CommonSchemas.openResult(
                        "{table, inserted_count, updated_count, skipped_count, records[] (unless return_records=false)}"))
                .handler(this::insert);
    }

    @Singleton
    @Named("db_batch_update")
    ToolDefinition batchUpdate() {
        return ToolDefinition.builder("db_batch_update")
                .title("Update many records")
                .description("Apply up to " + limits.maxBatchSize() + " {where, data} updates in order, in one"
                        + " transaction: all apply or none, and a failure names the update index. Updates keyed by"
                        + " the same columns (e.g. the primary key) run as a single statement. unmatched lists the"
                        + " updates whose filter matched no row.")
                .group(ToolGroup.BATCH, Scope.BATCH)
                .hints(ToolHints.DESTRUCTIVE_IDEMPOTENT)
                .tableArgument("table")
                .input(object()
                        .required("table", CommonSchemas.table())
                        .required("updates", batch("Updates, applied in order", object()
                                .required("where", nonEmpty(CommonSchemas.where("Rows to update (must not be empty)")))
                                .required("data", nonEmpty(CommonSchemas.data("Columns to set")))
                                .build()))
                        .optional("return_records", bool("Return the updated rows (default true)"))
                        .withDefault("return_records", true)
                        .build())
                .output(CommonSchemas.openResult("{table, updated_count, unmatched[], records[]}"))
                .handler(this::update);
    }

    @Singleton
    @Named("db_batch_delete")
    ToolDefinition batchDelete() {
        return ToolDefinition.builder("db_batch_delete")
                .title("Delete many records")
                .description("Delete the rows matching any of up to " + limits.maxBatchSize() + " non-empty"
                        + " conditions, in one statement and one transaction: all or nothing, and a failure names"
                        + " the condition index. soft_delete sets deleted_at instead, on tables that have it.")
                .group(ToolGroup.BATCH, Scope.BATCH)
                .hints(ToolHints.DESTRUCTIVE_IDEMPOTENT)
                .tableArgument("table")
                .input(object()
                        .required("table", CommonSchemas.table())
                        .required("conditions", batch("Filters; a row matching any of them is deleted",
                                nonEmpty(CommonSchemas.where("Rows to delete (must not be empty)"))))
                        .optional("soft_delete", bool("Set deleted_at = now() instead of deleting (default false)"))
                        .optional("return_records", bool("Return the deleted rows (default true)"))
                        .withDefault("return_records", true)
                        .build())
                .output(CommonSchemas.openResult("{table, deleted_count, soft_deleted, records[]}"))
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
        BatchInsert.Outcome outcome = AtomicBatch.run(connection, "records", records.size(),
                count -> insert.run(connection, count == records.size() ? records : records.prefix(count)));

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
        ArrayNode before = changes.lockAffected(connection, table, BatchFilters.union(table, updates.filters()));
        BatchUpdate.Outcome outcome = AtomicBatch.run(connection, "updates", updates.size(),
                count -> updates.run(connection, count));
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
    private ObjectNode batch(String description, ObjectNode items) {
        ObjectNode schema = arrayOf(description + " (1.." + limits.maxBatchSize() + " items;"
                + " more is refused with DB_413_TOO_LARGE)", items);
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
