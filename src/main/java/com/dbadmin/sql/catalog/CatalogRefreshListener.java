package com.dbadmin.sql.catalog;

import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolCallListener;
import com.dbadmin.call.ToolOutcome;
import jakarta.inject.Singleton;

import java.util.Set;

/**
 * Keeps the catalogue cache honest about DDL seen through the tools: it is dropped (and reloaded by the
 * next lookup) after a call that says it changed the schema ({@code call.details().schemaChanged(true)},
 * e.g. a restore), and after a call that failed because the cached catalogue no longer matches the
 * database (a table or column dropped, a column retyped behind the server's back).
 */
@Singleton
class CatalogRefreshListener implements ToolCallListener {
    /** undefined_table, undefined_column, feature_not_supported ("cached plan must not change result type"). */
    private static final Set<String> STALE_CATALOGUE_STATES = Set.of("42P01", "42703", "0A000");

    private final CatalogCache catalog;

    public CatalogRefreshListener(CatalogCache catalog) {
        this.catalog = catalog;
    }

    @Override
    public void afterCompletion(ToolCall call, ToolOutcome outcome) {
        if (outcome.success() ? call.details().schemaChanged()
                : STALE_CATALOGUE_STATES.contains(String.valueOf(outcome.error().details().get("sqlstate")))) {
            catalog.invalidate();
        }
    }
}
