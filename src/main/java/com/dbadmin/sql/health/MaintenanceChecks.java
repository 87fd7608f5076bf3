package com.dbadmin.sql.health;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Dead rows, stale statistics, transaction-id age and table bloat, per visible table. */
final class MaintenanceChecks {
    /** Dead rows worth a vacuum: at least this many, and this share of the live ones. */
    static final long DEAD_ROWS_MIN = 1_000;
    static final double DEAD_ROWS_SHARE = 0.2;
    /** Changes since the last ANALYZE worth a new one. */
    static final long CHANGED_ROWS_MIN = 1_000;
    static final double CHANGED_ROWS_SHARE = 0.2;
    /** Transaction ids: wraparound stops writes at 2^31; warn at about half of that. */
    static final long XID_AGE_WARNING = 1_000_000_000L;
    static final long XID_AGE_CRITICAL = 1_500_000_000L;
    /** Bloat worth reporting: this share of the table's pages and at least this many bytes. */
    static final double BLOAT_SHARE = 0.3;
    static final long BLOAT_MIN_BYTES = 1L << 20;
    private static final int MAX_ITEMS = 20;

    private MaintenanceChecks() {
    }

    static Finding vacuum(HealthContext context) throws SQLException {
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        Severity severity = tablesOverThreshold(context, """
                SELECT relid, schemaname, relname, n_live_tup, n_dead_tup, last_vacuum, last_autovacuum
                FROM pg_stat_user_tables
                WHERE n_dead_tup >= ? AND n_dead_tup >= ? * greatest(n_live_tup, 1)
                ORDER BY n_dead_tup DESC""", DEAD_ROWS_MIN, DEAD_ROWS_SHARE, items, (rs, item) -> {
            item.put("dead_rows", rs.getLong("n_dead_tup"));
            item.put("last_vacuum", timestamp(rs, "last_vacuum"));
            item.put("last_autovacuum", timestamp(rs, "last_autovacuum"));
            return rs.getLong("n_dead_tup") > rs.getLong("n_live_tup") ? Severity.WARNING : Severity.INFO;
        });
        return items.isEmpty()
                ? Finding.of("vacuum", Severity.OK, "No table has many dead rows.", "Nothing to do.")
                : new Finding("vacuum", severity, items.size() + " tables with many dead rows",
                "VACUUM (ANALYZE) them; if autovacuum never catches up, lower autovacuum_vacuum_scale_factor for them.",
                items);
    }

    static Finding analyze(HealthContext context) throws SQLException {
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        tablesOverThreshold(context, """
                SELECT relid, schemaname, relname, n_live_tup, n_mod_since_analyze, last_analyze, last_autoanalyze
                FROM pg_stat_user_tables
                WHERE n_mod_since_analyze >= ? AND n_mod_since_analyze >= ? * greatest(n_live_tup, 1)
                ORDER BY n_mod_since_analyze DESC""", CHANGED_ROWS_MIN, CHANGED_ROWS_SHARE, items, (rs, item) -> {
            item.put("changed_since_analyze", rs.getLong("n_mod_since_analyze"));
            item.put("last_analyze", timestamp(rs, "last_analyze"));
            item.put("last_autoanalyze", timestamp(rs, "last_autoanalyze"));
            return Severity.INFO;
        });
        return items.isEmpty()
                ? Finding.of("analyze", Severity.OK, "Planner statistics are current.", "Nothing to do.")
                : new Finding("analyze", Severity.INFO, items.size() + " tables changed a lot since their last ANALYZE",
                "ANALYZE them so the planner's row estimates stay right.", items);
    }

    /** What one table's row adds to its item, and how serious that table's state is. */
    @FunctionalInterface
    private interface TableItem {
        Severity write(ResultSet rs, ObjectNode item) throws SQLException;
    }

    /**
     * The visible tables of a pg_stat_user_tables query whose counter passes a minimum and a share of the live
     * rows (its two parameters), at most {@link #MAX_ITEMS}, each an item with table and live rows; returns the
     * worst severity they report.
     */
    private static Severity tablesOverThreshold(HealthContext context, String sql, long minimum, double share,
                                                ArrayNode items, TableItem details) throws SQLException {
        Severity severity = Severity.OK;
        try (PreparedStatement statement = context.prepare(sql)) {
            statement.setLong(1, minimum);
            statement.setDouble(2, share);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (!context.visible(rs.getLong("relid"), rs.getString("schemaname")) || items.size() >= MAX_ITEMS) {
                        continue;
                    }
                    ObjectNode item = items.addObject();
                    item.put("table", rs.getString("schemaname") + "." + rs.getString("relname"));
                    item.put("live_rows", rs.getLong("n_live_tup"));
                    severity = severity.worst(details.write(rs, item));
                }
            }
        }
        return severity;
    }

    static Finding transactionIdAge(HealthContext context) throws SQLException {
        long databaseAge;
        try (PreparedStatement statement = context.prepare(
                "SELECT age(datfrozenxid) FROM pg_database WHERE datname = current_database()");
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            databaseAge = rs.getLong(1);
        }
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        try (PreparedStatement statement = context.prepare("""
                SELECT c.oid, n.nspname, c.relname, age(c.relfrozenxid) AS age
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'm', 't') AND age(c.relfrozenxid) >= ?
                ORDER BY age DESC""")) {
            statement.setLong(1, XID_AGE_WARNING);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (context.visible(rs.getLong(1), rs.getString(2)) && items.size() < MAX_ITEMS) {
                        items.addObject().put("table", rs.getString(2) + "." + rs.getString(3)).put("xid_age", rs.getLong(4));
                    }
                }
            }
        }
        Severity severity = databaseAge >= XID_AGE_CRITICAL ? Severity.CRITICAL
                : databaseAge >= XID_AGE_WARNING ? Severity.WARNING : Severity.OK;
        items.insertObject(0).put("database_xid_age", databaseAge).put("wraparound_at", 2_147_483_648L);
        return new Finding("transaction_id_age", severity, "Oldest unfrozen transaction id is " + databaseAge
                + " transactions old (" + Math.round(100.0 * databaseAge / 2_147_483_648L) + "% of the way to wraparound)",
                severity == Severity.OK ? "Nothing to do."
                        : "VACUUM (FREEZE) the oldest tables now; look for long transactions or abandoned replication"
                        + " slots that hold back freezing.", items);
    }

    /**
     * Table bloat estimated from the catalogue, without pgstattuple: the pages the table has against the pages its
     * rows need at their average width (pg_stats), the 24-byte tuple header and 4-byte line pointer, and the page
     * header. An estimate: it ignores fillfactor and TOAST, so it errs towards reporting too little.
     */
    static Finding bloat(HealthContext context) throws SQLException {
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        Severity severity = Severity.OK;
        try (PreparedStatement statement = context.prepare("""
                WITH widths AS (
                    SELECT schemaname, tablename, sum(avg_width) AS width FROM pg_stats GROUP BY 1, 2),
                estimate AS (
                    SELECT c.oid, n.nspname, c.relname, c.relpages::bigint AS pages,
                           current_setting('block_size')::int AS block,
                           ceil(c.reltuples / greatest(1, floor((current_setting('block_size')::int - 24)
                                / (28 + 8 * ceil(w.width / 8.0))))) AS needed
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    JOIN widths w ON w.schemaname = n.nspname AND w.tablename = c.relname
                    WHERE c.relkind = 'r' AND c.reltuples >= 0)
                SELECT oid, nspname, relname, pages * block AS bytes, greatest(0, pages - needed) * block AS bloat_bytes,
                       CASE WHEN pages > 0 THEN greatest(0, pages - needed)::float / pages ELSE 0 END AS share
                FROM estimate
                WHERE pages > needed AND (pages - needed) * block >= ?
                ORDER BY bloat_bytes DESC""")) {
            statement.setLong(1, BLOAT_MIN_BYTES);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    double share = rs.getDouble("share");
                    if (share < BLOAT_SHARE || !context.visible(rs.getLong("oid"), rs.getString("nspname"))
                            || items.size() >= MAX_ITEMS) {
                        continue;
                    }
                    ObjectNode item = items.addObject();
                    item.put("table", rs.getString("nspname") + "." + rs.getString("relname"));
                    item.put("table_bytes", rs.getLong("bytes"));
                    item.put("estimated_bloat_bytes", rs.getLong("bloat_bytes"));
                    item.put("estimated_bloat_share", Math.round(share * 100) / 100.0);
                    severity = severity.worst(share >= 0.5 ? Severity.WARNING : Severity.INFO);
                }
            }
        }
        return items.isEmpty()
                ? Finding.of("bloat", Severity.OK, "No table has much estimated bloat.", "Nothing to do.")
                : new Finding("bloat", severity, items.size() + " tables with estimated bloat of "
                + Math.round(BLOAT_SHARE * 100) + "% or more",
                "Reclaim the space with VACUUM FULL or pg_repack in a quiet window; tune autovacuum so it does not recur.",
                items);
    }

    private static String timestamp(ResultSet rs, String column) throws SQLException {
        java.time.OffsetDateTime value = rs.getObject(column, java.time.OffsetDateTime.class);
        return value == null ? null : value.toString();
    }
}
