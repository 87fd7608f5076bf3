package com.dbadmin.guard;

import com.dbadmin.call.ToolException;
import com.dbadmin.sql.catalog.TableInfo;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.Set;

/**
 * Which tables tools may see and change. Entries are {@code table} (any schema) or {@code schema.table},
 * case-insensitive. Restricted tables are unreachable by every tool, listing, backup, export and import;
 * the server's own schema is reachable only through the audit tools.
 */
@Singleton
public class TablePolicy {
    /** The server's own tables (audit log, backup bookkeeping). */
    public static final String INTERNAL_SCHEMA = "dbadmin";

    private final Set<String> restricted;
    private final Set<String> readOnly;
    private final Set<String> allowedSchemas;
    private final Set<String> allowedTables;

    TablePolicy(PolicySettings settings) {
        this.restricted = Set.copyOf(settings.restrictedTables());
        this.readOnly = Set.copyOf(settings.readOnlyTables());
        this.allowedSchemas = Set.copyOf(settings.allowedSchemas());
        this.allowedTables = Set.copyOf(settings.allowedTables());
    }

    /** Whether a table exists for tools at all (listings silently leave out the others). */
    public boolean isVisible(String schema, String name) {
        if (schema.equalsIgnoreCase(INTERNAL_SCHEMA) || matches(restricted, schema, name)) {
            return false;
        }
        if (!allowedSchemas.isEmpty() && !allowedSchemas.contains(schema.toLowerCase(Locale.ROOT))) {
            return false;
        }
        return allowedTables.isEmpty() || matches(allowedTables, schema, name);
    }

    /** Whether objects of a schema may be shown at all: not the server's own, and on the allow-list if there is one. */
    public boolean isSchemaVisible(String schema) {
        return !schema.equalsIgnoreCase(INTERNAL_SCHEMA)
                && (allowedSchemas.isEmpty() || allowedSchemas.contains(schema.toLowerCase(Locale.ROOT)));
    }

    public boolean isVisible(TableInfo table) {
        return isVisible(table.schema(), table.name());
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
     * Refuses a requested name that names a restricted table before it is looked up, so a restricted
     * table's existence is never confirmed or denied.
     */
    public void checkRequestedName(String requested) {
        if (requested == null) {
            return;
        }
        RequestedName parsed = RequestedName.parse(requested);
        if (restricted.contains(parsed.qualified()) || restricted.contains(parsed.name())
                || parsed.schema().equals(INTERNAL_SCHEMA)) {
            throw denied(requested);
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

    /** Checks a resolved table; names that reached it by case folding are checked here. */
    public void checkAccess(TableInfo table) {
        if (!isVisible(table)) {
            throw denied(table.qualifiedName());
        }
    }

    public void checkWritable(TableInfo table) {
        checkAccess(table);
        if (isReadOnly(table)) {
            throw readOnlyDenied(table.qualifiedName());
        }
        if (!table.kind().isWritable()) {
            throw ToolException.validation("'" + table.qualifiedName() + "' is a " + table.kind().id().replace('_', ' ')
                    + "; only tables can be changed.");
        }
    }

    /** The restricted entries as configured (lower case; bare names or schema.name). */
    public Set<String> restrictedNames() {
        return restricted;
    }

    public boolean isRestrictedName(String name) {
        return restricted.contains(name.toLowerCase(Locale.ROOT));
    }

    public static ToolException readOnlyDenied(String name) {
        return ToolException.denied("Table '" + name + "' is read-only by server policy.");
    }

    private static ToolException denied(String name) {
        return ToolException.denied("Access to table '" + name + "' is not allowed by server policy.");
    }

    private static boolean matches(Set<String> entries, String schema, String name) {
        if (entries.isEmpty()) {
            return false;
        }
        String lowerName = name.toLowerCase(Locale.ROOT);
        return entries.contains(lowerName) || entries.contains(schema.toLowerCase(Locale.ROOT) + "." + lowerName);
    }
}
