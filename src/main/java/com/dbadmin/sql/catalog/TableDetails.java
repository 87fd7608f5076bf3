package com.dbadmin.sql.catalog;

import java.util.List;

/**
 * Everything introspection reports about one table or view beyond its column list: column metadata,
 * constraints, foreign keys both ways, indexes, triggers, size and comment. Read by
 * {@link SchemaInspector}; cached per catalogue snapshot.
 */
public record TableDetails(String schema, String name, TableKind kind, String comment, List<Column> columns,
                           List<Constraint> constraints, List<ForeignKeyInfo> foreignKeys,
                           List<ForeignKeyInfo> referencedBy, List<Index> indexes, List<Trigger> triggers,
                           Statistics statistics, String viewDefinition, List<RelationName> viewDependencies,
                           Boolean populated) {

    /**
     * @param udtName     pg_type.typname ({@code int4}, {@code _text}, {@code book_status})
     * @param typeKind    base, enum, domain, composite, range, multirange or pseudo
     * @param identity    "always", "by default" or null
     * @param generated   "stored" or null; {@code generationExpression} then holds the expression
     */
    public record Column(String name, int position, String type, String udtSchema, String udtName, String typeKind,
                         boolean array, List<String> enumValues, boolean nullable, String defaultExpression,
                         String identity, String generated, String generationExpression, Integer maxLength,
                         Integer numericPrecision, Integer numericScale, String collation, String comment) {
    }

    /**
     * A primary key, unique, check or exclusion constraint.
     *
     * @param type       primary_key, unique, check or exclusion
     * @param expression the check expression (checks only)
     */
    public record Constraint(String name, String type, List<String> columns, String expression, String definition,
                             boolean deferrable, boolean initiallyDeferred, boolean validated) {
    }

    /**
     * @param keys            key columns or expressions, in index order
     * @param keyIsExpression for each key, whether it is an expression rather than a column
     * @param include         INCLUDE (covering) columns
     * @param predicate       the WHERE of a partial index, or null
     * @param constraint      the constraint the index backs (primary key, unique, exclusion), or null
     */
    public record Index(String name, List<String> keys, List<Boolean> keyIsExpression, List<String> include,
                        boolean unique, boolean primary, String method, String predicate, boolean valid,
                        long sizeBytes, String constraint, String definition) {
    }

    public record Trigger(String name, boolean enabled, String definition) {
    }

    /** A relation another object depends on (a view reads it). */
    public record RelationName(String schema, String name) {
    }

    /** Null fields do not apply (views) or are unknown (never analysed). */
    public record Statistics(Long estimatedRows, Long totalBytes, Long tableBytes, Long indexBytes) {
    }
}
