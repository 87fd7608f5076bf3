package com.dbadmin.sql.catalog;

/**
 * One table, view or materialized view as listings show it.
 *
 * @param estimatedRows the planner's estimate (pg_class.reltuples), null when never analysed or a view
 * @param totalBytes    table, indexes and TOAST together; null for views
 * @param system        in pg_catalog or information_schema
 */
public record RelationSummary(long oid, String schema, String name, TableKind kind, Long estimatedRows,
                              Long totalBytes, int columnCount, String comment, boolean system) {

    public String qualifiedName() {
        return schema + "." + name;
    }
}
