package com.dbadmin.guard;

import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.sql.catalog.TableInfo;
import com.dbadmin.tool.ToolCall;
import jakarta.inject.Singleton;

/** Resolves a tool's table argument through policy and the catalogue, and records it for the audit. */
@Singleton
public class TableAccess {
    private final CatalogCache catalog;
    private final TablePolicy policy;

    public TableAccess(CatalogCache catalog, TablePolicy policy) {
        this.catalog = catalog;
        this.policy = policy;
    }

    public TableInfo readable(ToolCall call, String requested) {
        policy.checkRequestedName(requested);
        TableInfo table = catalog.resolve(requested);
        policy.checkAccess(table);
        call.details().table(table.qualifiedName());
        return table;
    }

    public TableInfo writable(ToolCall call, String requested) {
        policy.checkRequestedName(requested);
        TableInfo table = catalog.resolve(requested);
        policy.checkWritable(table);
        call.details().table(table.qualifiedName());
        return table;
    }
}
