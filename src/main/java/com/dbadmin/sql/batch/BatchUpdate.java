package com.dbadmin.sql.batch;

import com.dbadmin.call.ToolException;
import com.dbadmin.sql.ColumnText;
import com.dbadmin.sql.FilterCompiler;
import com.dbadmin.sql.RecordStatements;
import com.dbadmin.sql.RowWriter;
import com.dbadmin.sql.SqlBuilder;
import com.dbadmin.sql.catalog.ColumnInfo;
import com.dbadmin.sql.catalog.TableInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A batch of {@code {where, data}} updates applied in order.
 *
 * <p>The common shape, every update keyed by equality on the same columns (usually the primary key) and
 * setting the same columns, runs as ONE statement: {@code UPDATE t SET c = v.c FROM unnest(text[], ...)
 * WITH ORDINALITY v WHERE t.k = v.k RETURNING t.*, v.ord}, one array parameter per column. That shape
 * is only used when no two updates name the same key, because a joined UPDATE changes a row once even
 * if two batch rows match it, while applying updates in order would apply both. Every other shape
 * (operators, IN lists, differing column sets, repeated keys) runs one UPDATE per item, in order.
 */
public final class BatchUpdate {
    /** Key column types whose text form is canonical enough to detect repeated keys in Java. */
    private static final Set<String> KEY_TYPES = Set.of("int2", "int4", "int8", "numeric", "text", "varchar", "uuid");
    private static final String ORDINAL = "__dbadmin_ord";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /**
     * @param rows    the changed rows in update order (a row changed twice by sequential updates appears twice)
     * @param matched rows changed per update, by index
     */
    public record Outcome(ArrayNode rows, int[] matched) {
    }

    private record Item(JsonNode where, ObjectNode data, List<ColumnInfo> dataColumns, List<ColumnInfo> keyColumns) {
    }

    private final TableInfo table;
    private final List<Item> items;
    private final boolean setBased;

    private BatchUpdate(TableInfo table, List<Item> items, boolean setBased) {
        this.table = table;
        this.items = items;
        this.setBased = setBased;
    }

    /** Checks every update (columns exist and are writable, filters compile), naming the index of a bad one. */
    public static BatchUpdate of(TableInfo table, JsonNode updates, String argument) {
        List<Item> items = new ArrayList<>(updates.size());
        for (int index = 0; index < updates.size(); index++) {
            try {
                JsonNode update = updates.get(index);
                JsonNode where = update.get("where");
                JsonNode data = update.get("data");
                if (where == null || !where.isObject() || where.isEmpty()) {
                    throw ToolException.validation("'where' must be a non-empty filter");
                }
                if (data == null || !data.isObject() || data.isEmpty()) {
                    throw ToolException.validation("'data' must name at least one column to change");
                }
                List<ColumnInfo> dataColumns = RecordStatements.writableColumns(table, data);
                FilterCompiler.appendWriteFilter(new SqlBuilder(), table, where);
                items.add(new Item(where, (ObjectNode) data, dataColumns, equalityKeys(table, where)));
            } catch (ToolException e) {
                throw BatchErrors.at(argument, index, e);
            }
        }
        return new BatchUpdate(table, List.copyOf(items), items.size() > 1 && sameShapeDistinctKeys(items));
    }

    public int size() {
        return items.size();
    }

    /** Every column some update of the batch sets. */
    public java.util.Set<String> dataColumns() {
        java.util.Set<String> columns = new java.util.LinkedHashSet<>();
        items.forEach(item -> item.dataColumns().forEach(column -> columns.add(column.name())));
        return columns;
    }

    public List<JsonNode> filters() {
        return items.stream().map(Item::where).toList();
    }

    public boolean setBased() {
        return setBased;
    }

    /** Applies the first {@code count} updates. */
    public Outcome run(Connection connection, int count) throws SQLException {
        return setBased ? joined(connection, count) : sequential(connection, count);
    }

    private Outcome sequential(Connection connection, int count) throws SQLException {
        ArrayNode rows = F.arrayNode();
        int[] matched = new int[count];
        for (int i = 0; i < count; i++) {
            Item item = items.get(i);
            SqlBuilder sql = new SqlBuilder();
            RecordStatements.update(sql, table, item.data(), item.where());
            try (PreparedStatement statement = sql.prepare(connection); ResultSet rs = statement.executeQuery()) {
                ArrayNode changed = new RowWriter(rs.getMetaData()).readAll(rs);
                matched[i] = changed.size();
                rows.addAll(changed);
            } catch (SQLException e) {
                throw new IndexedSQLException(i, e);
            }
        }
        return new Outcome(rows, matched);
    }

    private Outcome joined(Connection connection, int count) throws SQLException {
        Item first = items.get(0);
        List<ColumnInfo> keys = first.keyColumns();
        List<ColumnInfo> data = first.dataColumns();
        SqlBuilder sql = new SqlBuilder().append("UPDATE ").append(table.rowSource()).append(" AS dbadmin_target SET ");
        for (int c = 0; c < data.size(); c++) {
            sql.append(c == 0 ? "" : ", ").identifier(data.get(c).name())
                    .append(" = CAST(dbadmin_batch.d" + c + " AS ").append(data.get(c).castType()).append(")");
        }
        sql.append(" FROM unnest(");
        for (int k = 0; k < keys.size(); k++) {
            String[] values = new String[count];
            for (int i = 0; i < count; i++) {
                values[i] = ColumnText.of(keys.get(k), column(items.get(i).where(), keys.get(k)));
            }
            sql.append(k == 0 ? "" : ", ").textArray(values);
        }
        for (int c = 0; c < data.size(); c++) {
            String[] values = new String[count];
            for (int i = 0; i < count; i++) {
                values[i] = ColumnText.of(data.get(c), column(items.get(i).data(), data.get(c)));
            }
            sql.append(", ").textArray(values);
        }
        sql.append(") WITH ORDINALITY AS dbadmin_batch(");
        for (int k = 0; k < keys.size(); k++) {
            sql.append("k" + k + ", ");
        }
        for (int c = 0; c < data.size(); c++) {
            sql.append("d" + c + ", ");
        }
        sql.append("ord) WHERE ");
        for (int k = 0; k < keys.size(); k++) {
            sql.append(k == 0 ? "" : " AND ").append("dbadmin_target.").identifier(keys.get(k).name())
                    .append(" = CAST(dbadmin_batch.k" + k + " AS ").append(keys.get(k).castType()).append(")");
        }
        sql.append(" RETURNING dbadmin_target.*, dbadmin_batch.ord AS ").append(ORDINAL);
        ArrayNode returned;
        try (PreparedStatement statement = sql.prepare(connection); ResultSet rs = statement.executeQuery()) {
            returned = new RowWriter(rs.getMetaData()).readAll(rs);
        }
        List<JsonNode> ordered = new ArrayList<>(returned.size());
        returned.forEach(ordered::add);
        ordered.sort(Comparator.comparingLong(row -> row.get(ORDINAL).asLong()));
        int[] matched = new int[count];
        ArrayNode rows = F.arrayNode();
        for (JsonNode row : ordered) {
            matched[(int) ((ObjectNode) row).remove(ORDINAL).asLong() - 1]++;
            rows.add(row);
        }
        return new Outcome(rows, matched);
    }

    /** The value a data or where object gives for a resolved column (names may differ in case). */
    private static JsonNode column(JsonNode object, ColumnInfo column) {
        JsonNode exact = object.get(column.name());
        if (exact != null) {
            return exact;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equalsIgnoreCase(column.name())) {
                return field.getValue();
            }
        }
        return null;
    }

    /** The columns a filter compares for plain equality with one value, or null if it does anything else. */
    private static List<ColumnInfo> equalityKeys(TableInfo table, JsonNode where) {
        List<ColumnInfo> keys = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = where.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (field.getKey().startsWith("$") || value.isNull() || value.isContainerNode()) {
                return null;
            }
            ColumnInfo column = table.column(field.getKey()).orElse(null);
            if (column == null || !KEY_TYPES.contains(column.typeName()) || keys.contains(column)) {
                return null;
            }
            keys.add(column);
        }
        keys.sort(Comparator.comparingInt(ColumnInfo::position));
        return keys;
    }

    private static boolean sameShapeDistinctKeys(List<Item> items) {
        Item first = items.get(0);
        if (first.keyColumns() == null) {
            return false;
        }
        Set<ColumnInfo> dataSet = new HashSet<>(first.dataColumns());
        if (dataSet.size() != first.dataColumns().size()) {
            return false;
        }
        Set<List<String>> seenKeys = new HashSet<>();
        for (Item item : items) {
            if (!first.keyColumns().equals(item.keyColumns()) || !dataSet.equals(new HashSet<>(item.dataColumns()))
                    || item.dataColumns().size() != dataSet.size()) {
                return false;
            }
            List<String> key = new ArrayList<>(item.keyColumns().size());
            for (ColumnInfo column : item.keyColumns()) {
                String canonical = canonical(column, column(item.where(), column));
                if (canonical == null) {
                    return false;
                }
                key.add(canonical);
            }
            if (!seenKeys.add(key)) {
                return false;
            }
        }
        return true;
    }

    /** A form in which two key values are equal exactly when PostgreSQL would find them equal. */
    private static String canonical(ColumnInfo column, JsonNode value) {
        String text = value.asText();
        switch (column.typeName()) {
            case "int2", "int4", "int8", "numeric" -> {
                try {
                    return new BigDecimal(text.trim()).stripTrailingZeros().toPlainString();
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            case "uuid" -> {
                return text.replace("-", "").replace("{", "").replace("}", "").trim().toLowerCase(Locale.ROOT);
            }
            default -> {
                return text;
            }
        }
    }
}
