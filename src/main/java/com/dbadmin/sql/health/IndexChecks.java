package com.dbadmin.sql.health;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Invalid indexes (a failed CREATE INDEX CONCURRENTLY), never-used ones, and exact duplicates. */
final class IndexChecks {
    /** Unused indexes smaller than this cost little; not worth a line. */
    static final long UNUSED_MIN_BYTES = 1L << 20;
    private static final int MAX_ITEMS = 20;

    private IndexChecks() {
    }

    static Finding invalid(HealthContext context) throws SQLException {
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        try (PreparedStatement statement = context.prepare("""
                SELECT t.oid, n.nspname, ic.relname, t.relname
                FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE NOT i.indisvalid ORDER BY 2, 3""");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                if (context.visible(rs.getLong(1), rs.getString(2)) && items.size() < MAX_ITEMS) {
                    items.addObject().put("index", rs.getString(2) + "." + rs.getString(3))
                            .put("table", rs.getString(2) + "." + rs.getString(4));
                }
            }
        }
        return items.isEmpty()
                ? Finding.of("invalid_indexes", Severity.OK, "Every index is valid.", "Nothing to do.")
                : new Finding("invalid_indexes", Severity.WARNING, items.size() + " invalid indexes (writes still maintain"
                + " them, queries cannot use them)", "DROP INDEX CONCURRENTLY and create them again, or REINDEX"
                + " INDEX CONCURRENTLY.", items);
    }

    static Finding unused(HealthContext context) throws SQLException {
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        String since;
        try (PreparedStatement statement = context.prepare(
                "SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()");
             ResultSet rs = statement.executeQuery()) {
            java.time.OffsetDateTime reset = rs.next() ? rs.getObject(1, java.time.OffsetDateTime.class) : null;
            since = reset == null ? "statistics were last reset (never, here)" : "the statistics reset of " + reset;
        }
        try (PreparedStatement statement = context.prepare("""
                SELECT s.relid, s.schemaname, s.indexrelname, s.relname, pg_relation_size(s.indexrelid) AS bytes
                FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
                WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = s.indexrelid)
                  AND pg_relation_size(s.indexrelid) >= ?
                ORDER BY bytes DESC""")) {
            statement.setLong(1, UNUSED_MIN_BYTES);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (context.visible(rs.getLong(1), rs.getString(2)) && items.size() < MAX_ITEMS) {
                        items.addObject().put("index", rs.getString(2) + "." + rs.getString(3))
                                .put("table", rs.getString(2) + "." + rs.getString(4)).put("bytes", rs.getLong(5));
                    }
                }
            }
        }
        return items.isEmpty()
                ? Finding.of("unused_indexes", Severity.OK, "No sizeable index is unused.", "Nothing to do.")
                : new Finding("unused_indexes", Severity.INFO, items.size() + " indexes never scanned since " + since,
                "If the statistics cover a full business cycle (and replicas do not use them), drop them: every write"
                        + " pays for them.", items);
    }

    static Finding duplicates(HealthContext context) throws SQLException {
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        try (PreparedStatement statement = context.prepare("""
                SELECT t.oid, n.nspname, t.relname, array_agg(ic.relname ORDER BY ic.relname) AS indexes,
                       sum(pg_relation_size(i.indexrelid)) AS bytes
                FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                GROUP BY t.oid, n.nspname, t.relname, i.indkey::text, i.indclass::text, i.indcollation::text,
                         coalesce(pg_get_expr(i.indexprs, i.indrelid), ''), coalesce(pg_get_expr(i.indpred, i.indrelid), '')
                HAVING count(*) > 1 ORDER BY 2, 3""");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                if (!context.visible(rs.getLong(1), rs.getString(2)) || items.size() >= MAX_ITEMS) {
                    continue;
                }
                ObjectNode item = items.addObject();
                item.put("table", rs.getString(2) + "." + rs.getString(3));
                ArrayNode names = item.putArray("indexes");
                for (String name : (String[]) rs.getArray(4).getArray()) {
                    names.add(rs.getString(2) + "." + name);
                }
                item.put("bytes", rs.getLong(5));
            }
        }
        return items.isEmpty()
                ? Finding.of("duplicate_indexes", Severity.OK, "No index duplicates another.", "Nothing to do.")
                : new Finding("duplicate_indexes", Severity.WARNING, items.size() + " sets of identical indexes",
                "Keep one of each set (the one a constraint uses, if any) and drop the others.", items);
    }
}
