package com.dbadmin.sql.catalog;

import java.util.List;

/**
 * A foreign key: {@code fromSchema.fromTable(fromColumns)} references {@code toSchema.toTable(toColumns)}.
 *
 * @param onDelete  no action, restrict, cascade, set null or set default
 * @param match     simple, full or partial
 */
public record ForeignKeyInfo(long oid, String name, String fromSchema, String fromTable, List<String> fromColumns,
                             String toSchema, String toTable, List<String> toColumns, String onUpdate,
                             String onDelete, String match, boolean deferrable, boolean initiallyDeferred) {

    public String fromQualified() {
        return fromSchema + "." + fromTable;
    }

    public String toQualified() {
        return toSchema + "." + toTable;
    }

    public boolean selfReference() {
        return fromSchema.equals(toSchema) && fromTable.equals(toTable);
    }

    static String action(String code) {
        return switch (code == null ? "" : code) {
            case "r" -> "restrict";
            case "c" -> "cascade";
            case "n" -> "set null";
            case "d" -> "set default";
            default -> "no action";
        };
    }

    static String match(String code) {
        return switch (code == null ? "" : code) {
            case "f" -> "full";
            case "p" -> "partial";
            default -> "simple";
        };
    }
}
