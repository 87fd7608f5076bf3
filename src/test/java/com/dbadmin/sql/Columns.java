package com.dbadmin.sql;

import com.dbadmin.sql.catalog.ColumnInfo;
import com.dbadmin.sql.catalog.TableInfo;
import com.dbadmin.sql.catalog.TableKind;

import java.util.List;

/** Columns and tables as the catalogue describes them (typname, format_type, typcategory), built by hand. */
final class Columns {
    private Columns() {
    }

    static ColumnInfo column(String name, String type, String castType, String typeName, char category) {
        return new ColumnInfo(name, 1, type, castType, typeName, category, true, false, null, "", "", null);
    }

    static ColumnInfo int4(String name) {
        return column(name, "integer", "integer", "int4", 'N');
    }

    static ColumnInfo text(String name) {
        return column(name, "text", "text", "text", 'S');
    }

    static ColumnInfo varchar(String name, int length) {
        return column(name, "character varying(" + length + ")", "character varying", "varchar", 'S');
    }

    static ColumnInfo numeric(String name) {
        return column(name, "numeric(30,10)", "numeric", "numeric", 'N');
    }

    static ColumnInfo bool(String name) {
        return column(name, "boolean", "boolean", "bool", 'B');
    }

    static ColumnInfo jsonb(String name) {
        return column(name, "jsonb", "jsonb", "jsonb", 'U');
    }

    static ColumnInfo bytea(String name) {
        return column(name, "bytea", "bytea", "bytea", 'U');
    }

    static ColumnInfo textArray(String name) {
        return column(name, "text[]", "text[]", "_text", 'A');
    }

    static ColumnInfo enumColumn(String name, String type) {
        return column(name, type, type, type, 'E');
    }

    static TableInfo table(String schema, String name, ColumnInfo... columns) {
        return new TableInfo(1, schema, name, TableKind.TABLE, List.of(columns), List.of(columns[0].name()));
    }
}
