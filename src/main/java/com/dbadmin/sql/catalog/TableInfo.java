package com.dbadmin.sql.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A table, view or materialized view with its columns and primary key. */
public final class TableInfo {
    private final long oid;
    private final String schema;
    private final String name;
    private final TableKind kind;
    private final List<ColumnInfo> columns;
    private final List<String> primaryKey;
    private final Map<String, ColumnInfo> byName = new LinkedHashMap<>();
    private final Map<String, List<ColumnInfo>> byLowerName = new LinkedHashMap<>();

    public TableInfo(long oid, String schema, String name, TableKind kind, List<ColumnInfo> columns,
                     List<String> primaryKey) {
        this.oid = oid;
        this.schema = schema;
        this.name = name;
        this.kind = kind;
        this.columns = List.copyOf(columns);
        this.primaryKey = List.copyOf(primaryKey);
        for (ColumnInfo column : columns) {
            byName.put(column.name(), column);
            byLowerName.computeIfAbsent(column.name().toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>())
                    .add(column);
        }
    }

    public long oid() {
        return oid;
    }

    public String schema() {
        return schema;
    }

    public String name() {
        return name;
    }

    public TableKind kind() {
        return kind;
    }

    public List<ColumnInfo> columns() {
        return columns;
    }

    public List<String> primaryKey() {
        return primaryKey;
    }

    /** {@code schema.name} as shown to users and written to the audit log. */
    public String qualifiedName() {
        return schema + "." + name;
    }

    /** The quoted identifier for SQL text. */
    public String sqlName() {
        return Identifiers.qualified(schema, name);
    }

    /** Exact match first; then a case-insensitive match if it is unambiguous. */
    public Optional<ColumnInfo> column(String requested) {
        if (requested == null) {
            return Optional.empty();
        }
        ColumnInfo exact = byName.get(requested);
        if (exact != null) {
            return Optional.of(exact);
        }
        List<ColumnInfo> folded = byLowerName.get(requested.toLowerCase(Locale.ROOT));
        return folded != null && folded.size() == 1 ? Optional.of(folded.get(0)) : Optional.empty();
    }
}
