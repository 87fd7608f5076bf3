package com.dbadmin.sql.catalog;

/** pg_class.relkind values the tools work with. */
public enum TableKind {
    TABLE, PARTITIONED_TABLE, VIEW, MATERIALIZED_VIEW, FOREIGN_TABLE;

    public static TableKind of(char relkind) {
        return switch (relkind) {
            case 'r' -> TABLE;
            case 'p' -> PARTITIONED_TABLE;
            case 'v' -> VIEW;
            case 'm' -> MATERIALIZED_VIEW;
            case 'f' -> FOREIGN_TABLE;
            default -> throw new IllegalArgumentException("relkind " + relkind);
        };
    }

    public boolean isWritable() {
        return this == TABLE || this == PARTITIONED_TABLE;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
