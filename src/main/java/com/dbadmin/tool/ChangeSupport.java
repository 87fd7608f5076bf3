package com.dbadmin.tool;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolException;
import com.dbadmin.guard.Limits;
import com.dbadmin.sql.RecordStatements;
import com.dbadmin.sql.RowWriter;
import com.dbadmin.sql.SqlBuilder;
import com.dbadmin.sql.catalog.TableInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What every changing tool (single and batch) shares: locking and capturing the rows about to change,
 * the max-affected guard, running a RETURNING statement, and recording ids and images for the audit.
 */
@Singleton
public class ChangeSupport {
    private final Limits limits;

    public ChangeSupport(Limits limits) {
        this.limits = limits;
    }

    /**
     * Locks the rows {@code where} selects and returns them (the before image); refuses with
     * DB_413_TOO_LARGE when they exceed the configured max-affected guard.
     */
    public ArrayNode lockAffected(Connection connection, TableInfo table, JsonNode where) throws SQLException {
        long guard = limits.maxAffectedRows();
        long cap = guard > 0 ? guard + 1 : Long.MAX_VALUE;
        SqlBuilder sql = new SqlBuilder();
        RecordStatements.selectForUpdate(sql, table, where, cap);
        ArrayNode rows = query(connection, sql);
        if (guard > 0 && rows.size() > guard) {
            throw new ToolException(ErrorCode.DB_413_TOO_LARGE, "The filter matches more than " + guard
                    + " rows, the most one call may change (DB_ADMIN_MAX_AFFECTED_ROWS); nothing was changed."
                    + " Narrow the filter or split the change.", java.util.Map.of("max_affected_rows", guard));
        }
        return rows;
    }

    /**
     * Refuses a change that touched more rows than the max-affected guard allows, after it ran: rows that
     * matched the filter only once the statement ran (inserted concurrently) are counted too. The invoker
     * rolls the whole call back, so the caller gets DB_413_TOO_LARGE and nothing changed.
     */
    public void checkAffected(long changed) {
        long guard = limits.maxAffectedRows();
        if (guard > 0 && changed > guard) {
            throw new ToolException(ErrorCode.DB_413_TOO_LARGE, "The change touched " + changed + " rows, more than the "
                    + guard + " one call may change (DB_ADMIN_MAX_AFFECTED_ROWS), so it was rolled back and nothing"
                    + " changed. Narrow the filter or split the change.",
                    java.util.Map.of("max_affected_rows", guard, "affected_rows", changed));
        }
    }

    public ArrayNode query(Connection connection, SqlBuilder sql) throws SQLException {
        try (PreparedStatement statement = sql.prepare(connection); ResultSet rs = statement.executeQuery()) {
            return new RowWriter(rs.getMetaData()).readAll(rs);
        }
    }

    /** Records affected ids (primary key values) and images on the call for the audit trail. */
    public void record(ToolCall call, TableInfo table, JsonNode before, ArrayNode after) {
        ArrayNode source = after != null && !after.isEmpty() ? after : before instanceof ArrayNode b ? b : null;
        if (source != null) {
            for (JsonNode row : source) {
                Object id = primaryKey(table, row);
                if (id != null) {
                    call.details().affectedIds().add(id);
                }
            }
        }
        call.details().before(before).after(after);
        call.details().rowCount(source == null ? 0 : source.size());
    }

    /**
     * Records a bulk write whose rows were not read back (return_records=false): the affected ids that
     * are known ({@code keyRows} hold primary-key columns) and the row count, without images.
     */
    public void recordBulk(ToolCall call, TableInfo table, ArrayNode keyRows, long rowCount) {
        record(call, table, null, keyRows);
        call.details().before(null).after(null);
        call.details().rowCount(rowCount);
    }

    private static Object primaryKey(TableInfo table, JsonNode row) {
        if (table.primaryKey().isEmpty()) {
            return null;
        }
        if (table.primaryKey().size() == 1) {
            JsonNode id = row.get(table.primaryKey().get(0));
            return id == null || id.isNull() ? null : id.isNumber() ? id.numberValue() : id.asText();
        }
        ObjectNode composite = JsonNodeFactory.instance.objectNode();
        for (String column : table.primaryKey()) {
            composite.set(column, row.get(column));
        }
        return composite;
    }
}
