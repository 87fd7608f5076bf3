package com.dbadmin.guard;

import com.dbadmin.call.ToolCall;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.sql.catalog.TableInfo;
import jakarta.inject.Singleton;

import java.util.function.Consumer;

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
        return resolve(call, requested, policy::checkAccess);
    }

    public TableInfo writable(ToolCall call, String requested) {
        return resolve(call, requested, policy::checkWritable);
    }

    private TableInfo resolve(ToolCall call, String requested, Consumer<TableInfo> check) {
        policy.checkRequestedName(requested);
        TableInfo table = catalog.resolve(requested);
        check.accept(table);
        call.details().table(table.qualifiedName());
        return table;
    }
}
