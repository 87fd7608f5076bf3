package com.dbadmin.sql.batch;

import com.dbadmin.call.ToolException;
import com.dbadmin.sql.ColumnText;
import com.dbadmin.sql.RecordStatements;
import com.dbadmin.sql.catalog.ColumnInfo;
import com.dbadmin.sql.catalog.TableInfo;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of a batch insert, each checked and turned into column texts once, grouped by the set of
 * columns they carry. A column a record leaves out must take its DEFAULT (not NULL), which a set-based
 * statement can only express per column list, so each distinct column set becomes one statement.
 * Groups keep the order in which their first record appears; rows keep input order within a group.
 */
public final class BatchRecords {
    /** One record: its position in the input and its values in the group's column order. */
    public record Row(int index, String[] values) {
    }

    /** Records that carry exactly {@code columns} (in table order). */
    public record Group(List<ColumnInfo> columns, List<Row> rows) {
    }

    private final List<Group> groups;
    private final int size;

    private BatchRecords(List<Group> groups, int size) {
        this.groups = groups;
        this.size = size;
    }

    /**
     * Resolves every record's columns against the catalogue and encodes its values; a bad record fails
     * with an error naming its index before anything is sent to the database.
     */
    public static BatchRecords encode(TableInfo table, JsonNode records, String argument) {
        // Keyed by the column positions: hashing a few ints per record instead of whole column descriptions.
        Map<String, List<Row>> byColumns = new LinkedHashMap<>();
        Map<String, List<ColumnInfo>> columnsOf = new LinkedHashMap<>();
        for (int index = 0; index < records.size(); index++) {
            JsonNode record = records.get(index);
            try {
                if (record == null || !record.isObject()) {
                    throw ToolException.validation("each record must be an object of column values");
                }
                List<ColumnInfo> columns = RecordStatements.writableColumns(table, record);
                List<ColumnValue> values = new ArrayList<>(columns.size());
                Iterator<JsonNode> fields = record.elements();
                for (ColumnInfo column : columns) {
                    values.add(new ColumnValue(column, ColumnText.of(column, fields.next())));
                }
                values.sort(Comparator.comparingInt(v -> v.column().position()));
                StringBuilder key = new StringBuilder(values.size() * 3);
                String[] texts = new String[values.size()];
                for (int i = 0; i < values.size(); i++) {
                    ColumnInfo column = values.get(i).column();
                    if (i > 0 && values.get(i - 1).column().position() == column.position()) {
                        throw ToolException.validation("column '" + column.name() + "' is given twice");
                    }
                    key.append(column.position()).append(',');
                    texts[i] = values.get(i).text();
                }
                String columnSet = key.toString();
                if (!columnsOf.containsKey(columnSet)) {
                    columnsOf.put(columnSet, values.stream().map(ColumnValue::column).toList());
                }
                byColumns.computeIfAbsent(columnSet, k -> new ArrayList<>()).add(new Row(index, texts));
            } catch (ToolException e) {
                throw BatchErrors.at(argument, index, e);
            }
        }
        List<Group> groups = new ArrayList<>(byColumns.size());
        byColumns.forEach((columnSet, rows) -> groups.add(new Group(columnsOf.get(columnSet), List.copyOf(rows))));
        return new BatchRecords(List.copyOf(groups), records.size());
    }

    public List<Group> groups() {
        return groups;
    }

    public int size() {
        return size;
    }

    /** The first {@code count} records (by input index), grouped as before. */
    public BatchRecords prefix(int count) {
        List<Group> kept = new ArrayList<>();
        for (Group group : groups) {
            List<Row> rows = group.rows().stream().filter(row -> row.index() < count).toList();
            if (!rows.isEmpty()) {
                kept.add(new Group(group.columns(), rows));
            }
        }
        return new BatchRecords(kept, count);
    }

    private record ColumnValue(ColumnInfo column, String text) {
    }
}
