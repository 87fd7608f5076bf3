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
    private final Map<String, ColumnInfo> byName;
    private final Map<String, List<ColumnInfo>> byLowerName;
    private final boolean ownRowsOnly;

    public TableInfo(long oid, String schema, String name, TableKind kind, List<ColumnInfo> columns,
                     List<String> primaryKey) {
        this.oid = oid;
        this.schema = schema;
        this.name = name;
        this.kind = kind;
        this.columns = List.copyOf(columns);
        this.primaryKey = List.copyOf(primaryKey);
        this.byName = new LinkedHashMap<>();
        this.byLowerName = new LinkedHashMap<>();
        this.ownRowsOnly = false;
        for (ColumnInfo column : columns) {
            byName.put(column.name(), column);
            byLowerName.computeIfAbsent(column.name().toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>())
                    .add(column);
        }
    }

    private TableInfo(TableInfo table, boolean ownRowsOnly) {
        this.oid = table.oid;
        this.schema = table.schema;
        this.name = table.name;
        this.kind = table.kind;
        this.columns = table.columns;
        this.primaryKey = table.primaryKey;
        this.byName = table.byName;
        this.byLowerName = table.byLowerName;
        this.ownRowsOnly = ownRowsOnly;
    }

    /**
     * This table read and changed without its inheritance descendants ({@code ONLY}): for a parent whose
     * children hold rows the caller may not see.
     */
    public TableInfo ownRowsOnly() {
        return ownRowsOnly ? this : new TableInfo(this, true);
    }

    public boolean isOwnRowsOnly() {
        return ownRowsOnly;
    }

    /**
     * The name to select, update and delete rows from: {@link #sqlName()}, with {@code ONLY} when the
     * descendants' rows are out of reach. (INSERT and COPY name the table itself: they write its own rows.)
     */
    public String rowSource() {
        return ownRowsOnly ? "ONLY " + sqlName() : sqlName();
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
