package com.dbadmin.guard;

import com.dbadmin.call.ToolException;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.sql.catalog.TableDetails;
import com.dbadmin.sql.catalog.TableInfo;
import com.dbadmin.sql.catalog.TableKind;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;

/**
 * Which tables tools may see and change. Entries are {@code table} (any schema) or {@code schema.table},
 * case-insensitive. Restricted tables are unreachable by every tool, listing, backup, export and import;
 * the server's own schema is reachable only through the audit tools.
 *
 * <p>Policy follows data, not only names: a view or materialized view that reads a hidden table, and a
 * partitioned table with a hidden partition, are hidden like it; an inheritance parent with a hidden
 * descendant is read and changed without its descendants ({@code ONLY}); a change whose foreign-key
 * actions would reach a hidden or read-only table is refused before it runs. What reads what comes from
 * the catalogue ({@link com.dbadmin.sql.catalog.DataFlow}), loaded once per catalogue snapshot.
 */
@Singleton
public class TablePolicy {
    /** The server's own tables (audit log, backup bookkeeping). */
    public static final String INTERNAL_SCHEMA = "dbadmin";

    private final Set<String> restricted;
    private final Set<String> restrictedTableParts;
    private final Set<String> readOnly;
    private final Set<String> allowedSchemas;
    private final Set<String> allowedTables;
    private final CatalogCache catalog;

    TablePolicy(PolicySettings settings, CatalogCache catalog) {
        this.restricted = Set.copyOf(settings.restrictedTables());
        // The table part of every entry: what an unqualified name in an error text may refer to.
        this.restrictedTableParts = restricted.stream().map(entry -> entry.substring(entry.indexOf('.') + 1))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.readOnly = Set.copyOf(settings.readOnlyTables());
        this.allowedSchemas = Set.copyOf(settings.allowedSchemas());
        this.allowedTables = Set.copyOf(settings.allowedTables());
        this.catalog = catalog;
    }

    /**
     * Whether a relation exists for tools at all (listings silently leave out the others): not hidden by
     * configuration and, for views, materialized views and partitioned tables, reading no hidden rows.
     */
    public boolean isVisible(String schema, String name) {
        if (hiddenByName(schema, name)) {
            return false;
        }
        return catalog.current().table(schema, name).map(table -> !readsHiddenRows(table)).orElse(true);
    }

    public boolean isVisible(TableInfo table) {
        return !hiddenByName(table.schema(), table.name()) && !readsHiddenRows(table);
    }

    /** Hidden by configuration: restricted, the server's own schema, or outside the allow-lists. */
    private boolean hiddenByName(String schema, String name) {
        if (schema.equalsIgnoreCase(INTERNAL_SCHEMA) || matches(restricted, schema, name)) {
            return true;
        }
        if (!allowedSchemas.isEmpty() && !allowedSchemas.contains(schema.toLowerCase(Locale.ROOT))) {
            return true;
        }
        return !allowedTables.isEmpty() && !matches(allowedTables, schema, name);
    }

    /** A view, materialized view or partitioned table whose rows come (partly) from a hidden table. */
    private boolean readsHiddenRows(TableInfo table) {
        TableKind kind = table.kind();
        if (kind != TableKind.VIEW && kind != TableKind.MATERIALIZED_VIEW && kind != TableKind.PARTITIONED_TABLE) {
            return false;
        }
        return anyHidden(catalog.current().dataFlow().readsFrom(table));
    }

    /**
     * Whether a table must be read and changed with {@code ONLY}: an inheritance parent some of whose
     * descendants are hidden (a plain SELECT from the parent returns their rows, an UPDATE changes them).
     */
    public boolean needsOwnRowsOnly(TableInfo table) {
        return table.kind() == TableKind.TABLE && anyHidden(catalog.current().dataFlow().descendants(table));
    }

    private boolean anyHidden(Collection<TableDetails.RelationName> relations) {
        for (TableDetails.RelationName relation : relations) {
            if (hiddenByName(relation.schema(), relation.name())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses a change whose foreign-key actions (ON DELETE/UPDATE CASCADE, SET NULL, SET DEFAULT) would
     * change rows of a hidden or read-only table, before it runs.
     *
     * @param change what the caller asked, for the message ("Deleting from public.authors")
     */
    public void checkCascades(String change, Collection<TableDetails.RelationName> changedTables) {
        for (TableDetails.RelationName table : changedTables) {
            if (hiddenByName(table.schema(), table.name())) {
                throw ToolException.denied(change + " would also change rows of a table the server policy does not"
                        + " expose (through a foreign key's ON DELETE/ON UPDATE action), so nothing was changed.");
            }
            if (isReadOnly(table.schema(), table.name())) {
                throw ToolException.denied(change + " would also change rows of '" + table.schema() + "." + table.name()
                        + "', which is read-only by server policy (through a foreign key's ON DELETE/ON UPDATE"
                        + " action), so nothing was changed.");
            }
        }
    }

    public boolean isReadOnly(TableInfo table) {
        return isReadOnly(table.schema(), table.name());
    }

    public boolean isReadOnly(String schema, String name) {
        return matches(readOnly, schema, name);
    }

    /**
     * Refuses a requested name that names a read-only table before anything else is checked, for tools
     * that change a table they name without resolving it first (restore_table). An unqualified name is
     * taken in {@code public}; the resolved table is checked again later.
     */
    public void checkRequestedNameWritable(String requested) {
        if (requested == null) {
            return;
        }
        RequestedName parsed = RequestedName.parse(requested);
        if (isReadOnly(parsed.schema().isEmpty() ? "public" : parsed.schema(), parsed.name())) {
            throw readOnlyDenied(requested);
        }
    }

    /**
     * Refuses a requested name that names a restricted table before it is looked up, with exactly the
     * answer an unknown table gets (DB_404): an answer never tells whether a restricted table exists.
     */
    public void checkRequestedName(String requested) {
        if (requested == null) {
            return;
        }
        RequestedName parsed = RequestedName.parse(requested);
        if (restricted.contains(parsed.qualified()) || restricted.contains(parsed.name())
                || parsed.schema().equals(INTERNAL_SCHEMA)) {
            throw CatalogCache.notFound(requested);
        }
    }

    /** A table name as a caller wrote it, quotes dropped and lower-cased; schema "" when unqualified. */
    private record RequestedName(String schema, String name) {
        static RequestedName parse(String requested) {
            String normalized = requested.replace("\"", "").trim().toLowerCase(Locale.ROOT);
            int dot = normalized.indexOf('.');
            return dot >= 0 ? new RequestedName(normalized.substring(0, dot), normalized.substring(dot + 1))
                    : new RequestedName("", normalized);
        }

        String qualified() {
            return schema.isEmpty() ? name : schema + "." + name;
        }
    }

    public void checkWritable(TableInfo table) {
        if (isReadOnly(table)) {
            throw readOnlyDenied(table.qualifiedName());
        }
        if (!table.kind().isWritable()) {
            throw ToolException.validation("'" + table.qualifiedName() + "' is a " + table.kind().id().replace('_', ' ')
                    + "; only tables can be changed.");
        }
    }

    /**
     * Whether an unqualified name, as PostgreSQL writes it in an error message, may be a hidden relation:
     * the table part of any restricted entry (schema-qualified ones included), the server's schema, or a
     * relation of that name that policy hides (a view over a restricted table).
     */
    public boolean mayNameHidden(String unqualifiedName) {
        String lower = unqualifiedName.toLowerCase(Locale.ROOT);
        if (lower.equals(INTERNAL_SCHEMA) || restrictedTableParts.contains(lower)) {
            return true;
        }
        return catalog.current().named(unqualifiedName).stream().anyMatch(table -> !isVisible(table));
    }

    /** Whether a constraint or object name mentions the table part of a restricted entry. */
    public boolean mentionsRestricted(String objectName) {
        String lower = objectName.toLowerCase(Locale.ROOT);
        return restrictedTableParts.stream().anyMatch(lower::contains);
    }

    /** The restricted entries as configured (lower case; bare names or schema.name). */
    public Set<String> restrictedNames() {
        return restricted;
    }

    public static ToolException readOnlyDenied(String name) {
        return ToolException.denied("Table '" + name + "' is read-only by server policy.");
    }

    private static boolean matches(Set<String> entries, String schema, String name) {
        if (entries.isEmpty()) {
            return false;
        }
        String lowerName = name.toLowerCase(Locale.ROOT);
        return entries.contains(lowerName) || entries.contains(schema.toLowerCase(Locale.ROOT) + "." + lowerName);
    }
}
