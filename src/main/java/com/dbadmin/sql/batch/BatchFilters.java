package com.dbadmin.sql.batch;

import com.dbadmin.sql.catalog.ColumnInfo;
import com.dbadmin.sql.catalog.TableInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One filter matching every row that any of several filters matches, so a batch of conditions runs as
 * one statement through the ordinary {@code FilterCompiler}. The common shape, one equality on the
 * same column per condition ({@code [{"id": 1}, {"id": 2}]}), becomes {@code {"id": [1, 2]}}, which
 * compiles to {@code id = ANY($1)}: one parameter and an index scan, however many conditions.
 * Anything else becomes {@code {"$or": [...]}}.
 */
public final class BatchFilters {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private BatchFilters() {
    }

    public static JsonNode union(TableInfo table, List<JsonNode> filters) {
        String column = sharedEqualityColumn(table, filters);
        if (column != null) {
            ObjectNode merged = F.objectNode();
            ArrayNode values = merged.putArray(column);
            filters.forEach(filter -> values.add(filter.get(column)));
            return merged;
        }
        ObjectNode any = F.objectNode();
        ArrayNode branches = any.putArray("$or");
        filters.forEach(branches::add);
        return any;
    }

    /** The column every filter compares for equality with a single value, if there is one. */
    private static String sharedEqualityColumn(TableInfo table, List<JsonNode> filters) {
        String shared = null;
        for (JsonNode filter : filters) {
            if (filter == null || !filter.isObject() || filter.size() != 1) {
                return null;
            }
            Map.Entry<String, JsonNode> field = filter.fields().next();
            JsonNode value = field.getValue();
            if (field.getKey().startsWith("$") || value.isNull() || value.isContainerNode()) {
                return null;
            }
            if (shared == null) {
                shared = field.getKey();
            } else if (!shared.equals(field.getKey())) {
                return null;
            }
        }
        // For array and json columns an array value means equality with that array, not IN.
        Optional<ColumnInfo> column = shared == null ? Optional.empty() : table.column(shared);
        return column.filter(c -> !c.isArray() && !c.isJson() && !c.isBytea()).isPresent() ? shared : null;
    }
}
