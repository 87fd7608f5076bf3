package com.dbadmin.tool.schema;

import com.dbadmin.sql.catalog.ColumnInfo;
import com.dbadmin.sql.catalog.ForeignKeyInfo;
import com.dbadmin.sql.catalog.RelationSummary;
import com.dbadmin.sql.catalog.RelationshipGraph;
import com.dbadmin.sql.catalog.TableDetails;
import com.dbadmin.sql.catalog.TableInfo;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * The JSON the schema tools return. Every reference to another table goes through {@code visible}
 * (the table policy): a foreign key whose other end is hidden (restricted, internal, outside the
 * allow-list) is left out entirely, and a view reading a hidden table shows no definition, so no
 * result ever names a hidden table.
 */
final class SchemaJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final BiPredicate<String, String> visible;

    SchemaJson(BiPredicate<String, String> visible) {
        this.visible = visible;
    }

    ObjectNode table(TableDetails details) {
        ObjectNode node = F.objectNode();
        node.put("table", details.schema() + "." + details.name());
        node.put("schema", details.schema());
        node.put("name", details.name());
        node.put("kind", details.kind().id());
        node.put("comment", details.comment());
        ArrayNode columns = node.putArray("columns");
        details.columns().forEach(column -> columns.add(column(column, details)));

        ObjectNode primaryKey = null;
        ArrayNode unique = F.arrayNode();
        ArrayNode checks = F.arrayNode();
        ArrayNode exclusions = F.arrayNode();
        for (TableDetails.Constraint constraint : details.constraints()) {
            ObjectNode entry = F.objectNode();
            entry.put("name", constraint.name());
            entry.set("columns", strings(constraint.columns()));
            switch (constraint.type()) {
                case "primary_key" -> primaryKey = entry;
                case "unique" -> unique.add(entry);
                case "check" -> {
                    entry.put("expression", constraint.expression());
                    entry.put("validated", constraint.validated());
                    checks.add(entry);
                }
                default -> {
                    entry.put("definition", constraint.definition());
                    exclusions.add(entry);
                }
            }
            if (constraint.deferrable()) {
                entry.put("deferrable", true);
                entry.put("initially_deferred", constraint.initiallyDeferred());
            }
        }
        node.set("primary_key", primaryKey);
        node.set("unique_constraints", unique);
        node.set("check_constraints", checks);
        if (!exclusions.isEmpty()) {
            node.set("exclusion_constraints", exclusions);
        }
        ArrayNode foreignKeys = node.putArray("foreign_keys");
        details.foreignKeys().stream().filter(this::shows).forEach(fk -> foreignKeys.add(foreignKey(fk, false)));
        ArrayNode referencedBy = node.putArray("referenced_by");
        details.referencedBy().stream().filter(this::shows).forEach(fk -> referencedBy.add(foreignKey(fk, true)));
        ArrayNode indexes = node.putArray("indexes");
        details.indexes().forEach(index -> indexes.add(index(index)));
        ArrayNode triggers = node.putArray("triggers");
        details.triggers().forEach(trigger -> triggers.addObject().put("name", trigger.name())
                .put("enabled", trigger.enabled()).put("definition", trigger.definition()));

        ObjectNode statistics = node.putObject("statistics");
        TableDetails.Statistics stats = details.statistics();
        statistics.put("estimated_rows", stats.estimatedRows());
        statistics.put("total_bytes", stats.totalBytes());
        statistics.put("table_bytes", stats.tableBytes());
        statistics.put("index_bytes", stats.indexBytes());
        if (details.viewDefinition() != null) {
            boolean readsHidden = details.viewDependencies().stream()
                    .anyMatch(relation -> !visible.test(relation.schema(), relation.name()));
            node.put("view_definition", readsHidden ? null : details.viewDefinition());
            if (readsHidden) {
                node.put("view_definition_hidden", "the view reads a table hidden by server policy");
            }
        }
        if (details.populated() != null) {
            node.put("populated", details.populated());
        }
        return node;
    }

    /** A column with all its metadata. */
    ObjectNode column(TableDetails.Column column, TableDetails table) {
        ObjectNode node = F.objectNode();
        node.put("name", column.name());
        node.put("position", column.position());
        node.put("type", column.type());
        node.put("udt_schema", column.udtSchema());
        node.put("udt_name", column.udtName());
        node.put("type_kind", column.typeKind());
        node.put("is_array", column.array());
        if (column.enumValues() != null) {
            node.set("enum_values", strings(column.enumValues()));
        }
        node.put("nullable", column.nullable());
        node.put("default", column.defaultExpression());
        node.put("identity", column.identity());
        node.put("generated", column.generated());
        if (column.generationExpression() != null) {
            node.put("generation_expression", column.generationExpression());
        }
        node.put("max_length", column.maxLength());
        node.put("numeric_precision", column.numericPrecision());
        node.put("numeric_scale", column.numericScale());
        if (column.collation() != null) {
            node.put("collation", column.collation());
        }
        node.put("comment", column.comment());
        node.put("primary_key", table.constraints().stream()
                .anyMatch(c -> c.type().equals("primary_key") && c.columns().contains(column.name())));
        return node;
    }

    /** The short form of a column, straight from the cached catalogue. */
    static ObjectNode basicColumn(ColumnInfo column, TableInfo table) {
        ObjectNode node = F.objectNode();
        node.put("name", column.name());
        node.put("type", column.type());
        node.put("nullable", column.nullable());
        node.put("default", column.defaultExpression());
        node.put("primary_key", table.primaryKey().contains(column.name()));
        return node;
    }

    /** Column metadata plus the keys and indexes each column takes part in. */
    ObjectNode columnWithRoles(TableDetails.Column column, TableDetails table) {
        ObjectNode node = column(column, table);
        node.put("unique", table.constraints().stream().anyMatch(c -> c.type().equals("unique")
                && c.columns().equals(List.of(column.name()))));
        node.put("indexed", table.indexes().stream().anyMatch(index -> !index.keys().isEmpty()
                && !index.keyIsExpression().get(0) && index.keys().get(0).equals(column.name())));
        ArrayNode references = node.putArray("references");
        table.foreignKeys().stream().filter(this::shows).filter(fk -> fk.fromColumns().contains(column.name()))
                .forEach(fk -> references.addObject()
                        .put("table", fk.toQualified())
                        .put("column", fk.toColumns().get(fk.fromColumns().indexOf(column.name())))
                        .put("constraint", fk.name()));
        return node;
    }

    ObjectNode relation(RelationSummary relation) {
        ObjectNode node = F.objectNode();
        node.put("schema", relation.schema());
        node.put("name", relation.name());
        node.put("table", relation.qualifiedName());
        node.put("kind", relation.kind().id());
        node.put("system", relation.system());
        node.put("column_count", relation.columnCount());
        node.put("estimated_rows", relation.estimatedRows());
        node.put("total_bytes", relation.totalBytes());
        node.put("comment", relation.comment());
        return node;
    }

    /** A table reached by the walk: which one, at what level, from which table, through which key. */
    ObjectNode step(RelationshipGraph.Step step, boolean parent) {
        ObjectNode node = F.objectNode();
        node.put("table", parent ? step.key().toQualified() : step.key().fromQualified());
        node.put("level", step.level());
        node.put("via", parent ? step.key().fromQualified() : step.key().toQualified());
        if (step.revisit()) {
            node.put("already_reached", true);
        }
        node.setAll(foreignKey(step.key(), true));
        return node;
    }

    /**
     * A foreign key. Outgoing keys say what they reference; incoming ones ({@code full}) also say which
     * table holds them.
     */
    ObjectNode foreignKey(ForeignKeyInfo fk, boolean full) {
        ObjectNode node = F.objectNode();
        node.put("name", fk.name());
        if (full) {
            node.put("from_table", fk.fromQualified());
        }
        node.set("columns", strings(fk.fromColumns()));
        node.put("referenced_table", fk.toQualified());
        node.set("referenced_columns", strings(fk.toColumns()));
        node.put("on_delete", fk.onDelete());
        node.put("on_update", fk.onUpdate());
        node.put("match", fk.match());
        if (fk.deferrable()) {
            node.put("deferrable", true);
            node.put("initially_deferred", fk.initiallyDeferred());
        }
        return node;
    }

    private ObjectNode index(TableDetails.Index index) {
        ObjectNode node = F.objectNode();
        node.put("name", index.name());
        ArrayNode keys = node.putArray("keys");
        for (int i = 0; i < index.keys().size(); i++) {
            keys.addObject().put(index.keyIsExpression().get(i) ? "expression" : "column", index.keys().get(i));
        }
        ArrayNode columns = node.putArray("columns");
        for (int i = 0; i < index.keys().size(); i++) {
            if (!index.keyIsExpression().get(i)) {
                columns.add(index.keys().get(i));
            }
        }
        if (!index.include().isEmpty()) {
            node.set("include", strings(index.include()));
        }
        node.put("unique", index.unique());
        node.put("primary", index.primary());
        node.put("method", index.method());
        node.put("predicate", index.predicate());
        node.put("constraint", index.constraint());
        node.put("valid", index.valid());
        node.put("size_bytes", index.sizeBytes());
        node.put("definition", index.definition());
        return node;
    }

    /** Adds whether the answer reused cached catalogue data and when that was read. */
    static void cacheInfo(ObjectNode result, boolean fromCache, Instant cachedAt) {
        result.put("from_cache", fromCache);
        result.put("cached_at", cachedAt.toString());
    }

    boolean shows(ForeignKeyInfo fk) {
        return visible.test(fk.fromSchema(), fk.fromTable()) && visible.test(fk.toSchema(), fk.toTable());
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = F.arrayNode();
        values.forEach(array::add);
        return array;
    }
}
