package com.dbadmin.guard;

import com.dbadmin.call.ToolCall;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.sql.catalog.TableInfo;
import jakarta.inject.Singleton;

import java.util.Collection;

/**
 * Resolves a tool's table argument through policy and the catalogue, and records it for the audit. A
 * hidden table answers exactly like an unknown one. The table returned reads and changes only its own
 * rows ({@code ONLY}) when its inheritance descendants are hidden.
 */
@Singleton
public class TableAccess {
    private final CatalogCache catalog;
    private final TablePolicy policy;

    public TableAccess(CatalogCache catalog, TablePolicy policy) {
        this.catalog = catalog;
        this.policy = policy;
    }

    public TableInfo readable(ToolCall call, String requested) {
        return resolve(call, requested);
    }

    public TableInfo writable(ToolCall call, String requested) {
        TableInfo table = resolve(call, requested);
        policy.checkWritable(table);
        return table;
    }

    /** Refuses deleting from {@code table} when foreign-key actions would carry the delete into a protected table. */
    public void checkDelete(TableInfo table) {
        policy.checkCascades("Deleting from " + table.qualifiedName(), catalog.current().dataFlow().changedByDelete(table));
    }

    /** Refuses updating {@code columns} of {@code table} when foreign-key actions would carry the change on. */
    public void checkUpdate(TableInfo table, Collection<String> columns) {
        policy.checkCascades("Updating " + table.qualifiedName(),
                catalog.current().dataFlow().changedByUpdate(table, columns));
    }

    private TableInfo resolve(ToolCall call, String requested) {
        policy.checkRequestedName(requested);
        TableInfo table = catalog.resolve(requested);
        if (!policy.isVisible(table)) {
            throw CatalogCache.notFound(requested);
        }
        call.details().table(table.qualifiedName());
        return policy.needsOwnRowsOnly(table) ? table.ownRowsOnly() : table;
    }
}
