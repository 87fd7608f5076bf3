package com.dbadmin.sql.batch;

import com.dbadmin.sql.ConflictAction;
import com.dbadmin.sql.RecordStatements;
import com.dbadmin.sql.RowWriter;
import com.dbadmin.sql.SqlBuilder;
import com.dbadmin.sql.catalog.ColumnInfo;
import com.dbadmin.sql.catalog.Identifiers;
import com.dbadmin.sql.catalog.TableInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a batch of records with one set-based statement per column set, never one round trip per row.
 *
 * <p>Strategy, chosen by measurement (bench/BatchStrategies.java, recorded in docs/benchmarks.md under
 * "Batch and schema"): for 1000 books-like rows, multi-row {@code INSERT ... VALUES} with one bind per
 * value was the slowest and scales worst (one parameter per value, a new plan per batch size);
 * {@code INSERT ... SELECT FROM unnest(text[], ...)} binds one array per column, so its SQL text depends
 * only on the column set and PostgreSQL reuses the prepared statement across calls; COPY was the fastest
 * but can return nothing and knows no ON CONFLICT. Hence:
 * <ul>
 *   <li>rows wanted back, or an {@code on_conflict} action: unnest, {@code RETURNING *} (or only the
 *       primary key and the inserted/updated flag when rows are not wanted, to count and audit them);</li>
 *   <li>no rows wanted and no conflict handling: COPY through pgjdbc's CopyManager.</li>
 * </ul>
 * Values travel as text and are cast to each column's type by PostgreSQL, as single-row writes do.
 */
public final class BatchInsert {
    /** What the caller gets back. */
    public enum Returning { ROWS, NOTHING }

    /**
     * @param rows     stored rows (input order unless on_conflict skipped some); key-only rows when
     *                 NOTHING was asked for through unnest; null after COPY
     * @param inserted rows inserted
     * @param updated  rows updated by on_conflict update
     */
    public record Outcome(ArrayNode rows, long inserted, long updated) {
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int COPY_CHUNK_BYTES = 64 * 1024;

    private final TableInfo table;
    private final JsonNode onConflict;
    private final Returning returning;

    public BatchInsert(TableInfo table, JsonNode onConflict, Returning returning) {
        this.table = table;
        this.onConflict = onConflict;
        this.returning = returning;
    }

    /**
     * Resolves on_conflict for every column set up front, so a bad target fails before any write.
     *
     * @return the columns an on_conflict update may overwrite in existing rows (none without one)
     */
    public java.util.Set<String> check(BatchRecords records) {
        java.util.Set<String> overwritten = new java.util.LinkedHashSet<>();
        for (BatchRecords.Group group : records.groups()) {
            ConflictAction conflict = conflictFor(group);
            if (conflict.kind() == ConflictAction.Kind.UPDATE) {
                overwritten.addAll(conflict.updateColumns());
            }
        }
        return overwritten;
    }

    public Outcome run(Connection connection, BatchRecords records) throws SQLException {
        List<ArrayNode> perGroup = new ArrayList<>(records.groups().size());
        long inserted = 0;
        long updated = 0;
        boolean complete = true;
        for (BatchRecords.Group group : records.groups()) {
            ConflictAction conflict = conflictFor(group);
            if (returning == Returning.NOTHING && conflict.kind() == ConflictAction.Kind.ERROR
                    && !group.columns().isEmpty()) {
                inserted += copy(connection, group);
                perGroup.add(null);
                continue;
            }
            ArrayNode rows = unnest(connection, group, conflict);
            for (JsonNode row : rows) {
                if (((ObjectNode) row).remove(RecordStatements.INSERTED_FLAG).asBoolean(true)) {
                    inserted++;
                } else {
                    updated++;
                }
            }
            complete &= rows.size() == group.rows().size();
            perGroup.add(rows);
        }
        return new Outcome(arrange(records, perGroup, complete), inserted, updated);
    }

    private ConflictAction conflictFor(BatchRecords.Group group) {
        List<String> names = group.columns().stream().map(ColumnInfo::name).toList();
        return ConflictAction.parse(onConflict, table, names);
    }

    /** {@code INSERT ... SELECT CAST(u.c1 AS type), ... FROM unnest($1::text[], ...) WITH ORDINALITY}. */
    private ArrayNode unnest(Connection connection, BatchRecords.Group group, ConflictAction conflict)
            throws SQLException {
        List<ColumnInfo> columns = group.columns();
        List<BatchRecords.Row> rows = group.rows();
        SqlBuilder sql = new SqlBuilder().append("INSERT INTO ").append(table.sqlName());
        if (columns.isEmpty()) {
            // Records without columns: every column takes its default.
            sql.append(" SELECT FROM generate_series(1, ").number(rows.size()).append(")");
        } else {
            sql.append(" (");
            for (int c = 0; c < columns.size(); c++) {
                sql.append(c == 0 ? "" : ", ").identifier(columns.get(c).name());
            }
            sql.append(") SELECT ");
            for (int c = 0; c < columns.size(); c++) {
                sql.append(c == 0 ? "" : ", ").append("CAST(u.c" + c + " AS ").append(columns.get(c).castType())
                        .append(")");
            }
            sql.append(" FROM unnest(");
            for (int c = 0; c < columns.size(); c++) {
                String[] values = new String[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    values[r] = rows.get(r).values()[c];
                }
                sql.append(c == 0 ? "" : ", ").textArray(values);
            }
            sql.append(") WITH ORDINALITY AS u(");
            for (int c = 0; c < columns.size(); c++) {
                sql.append("c" + c + ", ");
            }
            // ORDER BY keeps input order for RETURNING and also ends the SELECT before ON CONFLICT.
            sql.append("ord) ORDER BY u.ord");
        }
        conflict.append(sql);
        sql.append(" RETURNING ");
        if (returning == Returning.ROWS) {
            sql.append("*, ");
        } else {
            for (String key : table.primaryKey()) {
                sql.identifier(key).append(", ");
            }
        }
        sql.append("(xmax = 0) AS ").append(RecordStatements.INSERTED_FLAG);
        try (PreparedStatement statement = sql.prepare(connection); ResultSet rs = statement.executeQuery()) {
            return new RowWriter(rs.getMetaData()).readAll(rs);
        }
    }

    /** COPY ... FROM STDIN in text format, streamed in chunks. */
    private long copy(Connection connection, BatchRecords.Group group) throws SQLException {
        StringBuilder sql = new StringBuilder("COPY ").append(table.sqlName()).append(" (");
        for (int c = 0; c < group.columns().size(); c++) {
            sql.append(c == 0 ? "" : ", ").append(Identifiers.quote(group.columns().get(c).name()));
        }
        sql.append(") FROM STDIN");
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql.toString());
        try {
            StringBuilder chunk = new StringBuilder(COPY_CHUNK_BYTES + 4096);
            for (BatchRecords.Row row : group.rows()) {
                String[] values = row.values();
                for (int c = 0; c < values.length; c++) {
                    if (c > 0) {
                        chunk.append('\t');
                    }
                    copyField(chunk, values[c]);
                }
                chunk.append('\n');
                if (chunk.length() >= COPY_CHUNK_BYTES) {
                    write(copy, chunk);
                }
            }
            write(copy, chunk);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void write(CopyIn copy, StringBuilder chunk) throws SQLException {
        if (chunk.length() > 0) {
            byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            chunk.setLength(0);
        }
    }

    /** COPY text format: \N is NULL; backslash, tab, newline and carriage return are escaped. */
    private static void copyField(StringBuilder out, String value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }

    /** Puts returned rows in input order when every record came back; otherwise in execution order. */
    private static ArrayNode arrange(BatchRecords records, List<ArrayNode> perGroup, boolean complete) {
        if (perGroup.stream().allMatch(rows -> rows == null)) {
            return null;
        }
        ArrayNode result = F.arrayNode();
        if (records.groups().size() == 1 || !complete || perGroup.contains(null)) {
            perGroup.stream().filter(rows -> rows != null).forEach(result::addAll);
            return result;
        }
        JsonNode[] ordered = new JsonNode[records.size()];
        for (int g = 0; g < perGroup.size(); g++) {
            List<BatchRecords.Row> rows = records.groups().get(g).rows();
            for (int r = 0; r < rows.size(); r++) {
                ordered[rows.get(r).index()] = perGroup.get(g).get(r);
            }
        }
        for (JsonNode row : ordered) {
            result.add(row);
        }
        return result;
    }
}
