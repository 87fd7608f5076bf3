package com.dbadmin.sql.health;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Buffer cache hits, sequences running out, replication lag and slots, the database's size. */
final class CapacityChecks {
    static final double CACHE_HIT_WARNING = 0.95;
    static final double CACHE_HIT_CRITICAL = 0.85;
    /** Fewer block reads than this say nothing about the cache. */
    static final long CACHE_MIN_BLOCKS = 10_000;
    static final double SEQUENCE_WARNING = 0.75;
    static final double SEQUENCE_CRITICAL = 0.90;
    static final double REPLICATION_LAG_WARNING_SECONDS = 60;
    static final double REPLICATION_LAG_CRITICAL_SECONDS = 300;
    private static final int MAX_ITEMS = 20;

    private CapacityChecks() {
    }

    static Finding cacheHitRatio(HealthContext context) throws SQLException {
        try (PreparedStatement statement = context.prepare(
                "SELECT blks_hit, blks_read FROM pg_stat_database WHERE datname = current_database()");
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            long hit = rs.getLong(1);
            long read = rs.getLong(2);
            boolean enough = hit + read >= CACHE_MIN_BLOCKS;
            double ratio = hit + read == 0 ? 1 : (double) hit / (hit + read);
            Severity severity = !enough ? Severity.OK : ratio < CACHE_HIT_CRITICAL ? Severity.CRITICAL
                    : ratio < CACHE_HIT_WARNING ? Severity.WARNING : Severity.OK;
            Finding finding = Finding.of("cache_hit_ratio", severity, enough
                            ? Math.round(ratio * 1000) / 10.0 + "% of block reads were served from shared buffers"
                            : "Too little activity to judge the cache (" + (hit + read) + " block reads).",
                    severity == Severity.OK ? "Nothing to do." : "The working set does not fit in shared_buffers:"
                            + " raise shared_buffers (or memory), or add indexes so queries read fewer blocks.");
            finding.items().addObject().put("blocks_hit", hit).put("blocks_read", read)
                    .put("ratio", enough ? Math.round(ratio * 10_000) / 10_000.0 : null);
            return finding;
        }
    }

    /** Sequences past a share of their range: their own maximum, or the owning column's type if that is smaller. */
    static Finding sequences(HealthContext context) throws SQLException {
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        Severity severity = Severity.OK;
        try (PreparedStatement statement = context.prepare("""
                SELECT c.oid, s.schemaname, s.sequencename, s.last_value, s.min_value, s.max_value, s.increment_by,
                       t.oid AS table_oid, tn.nspname || '.' || t.relname AS owner_table, a.attname,
                       CASE a.atttypid WHEN 'int2'::regtype THEN 32767 WHEN 'int4'::regtype THEN 2147483647 END AS type_max
                FROM pg_sequences s
                JOIN pg_namespace n ON n.nspname = s.schemaname
                JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.sequencename
                LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
                     AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
                LEFT JOIN pg_class t ON t.oid = d.refobjid
                LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
                LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                WHERE s.last_value IS NOT NULL AND s.increment_by > 0""");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                long guard = rs.getLong("table_oid");
                if (!context.visible(rs.wasNull() ? rs.getLong("oid") : guard, rs.getString("schemaname"))) {
                    continue;
                }
                long max = rs.getLong("max_value");
                long typeMax = rs.getLong("type_max");
                if (!rs.wasNull()) {
                    max = Math.min(max, typeMax);
                }
                long min = rs.getLong("min_value");
                double used = (double) (rs.getLong("last_value") - min) / Math.max(1, max - min);
                if (used < SEQUENCE_WARNING || items.size() >= MAX_ITEMS) {
                    continue;
                }
                ObjectNode item = items.addObject();
                item.put("sequence", rs.getString("schemaname") + "." + rs.getString("sequencename"));
                item.put("column", rs.getString("owner_table") == null ? null
                        : rs.getString("owner_table") + "." + rs.getString("attname"));
                item.put("last_value", rs.getLong("last_value"));
                item.put("max_value", max);
                item.put("used_share", Math.round(used * 1000) / 1000.0);
                severity = severity.worst(used >= SEQUENCE_CRITICAL ? Severity.CRITICAL : Severity.WARNING);
            }
        }
        return items.isEmpty()
                ? Finding.of("sequences", Severity.OK, "No sequence is past " + Math.round(SEQUENCE_WARNING * 100)
                + "% of its range.", "Nothing to do.")
                : new Finding("sequences", severity, items.size() + " sequences past " + Math.round(SEQUENCE_WARNING * 100)
                + "% of their range", "Change the column to bigint (ALTER TABLE ... ALTER COLUMN ... TYPE bigint, and the"
                + " sequence AS bigint) before inserts start failing.", items);
    }

    static Finding replication(HealthContext context) throws SQLException {
        boolean replica;
        try (PreparedStatement statement = context.prepare("SELECT pg_is_in_recovery()"); ResultSet rs = statement.executeQuery()) {
            rs.next();
            replica = rs.getBoolean(1);
        }
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        if (replica) {
            try (PreparedStatement statement = context.prepare("""
                    SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp()),
                           pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())""");
                 ResultSet rs = statement.executeQuery()) {
                rs.next();
                double lag = rs.getDouble(1);
                boolean unknown = rs.wasNull();
                items.addObject().put("role", "replica").put("replay_lag_seconds", unknown ? null : lag)
                        .put("replay_backlog_bytes", rs.getLong(2));
                Severity severity = unknown ? Severity.INFO : lagSeverity(lag);
                return new Finding("replication", severity, "This server is a replica; it last replayed a transaction "
                        + (unknown ? "never" : Math.round(lag) + " s ago (with no writes on the primary this grows"
                        + " without meaning lag)"), severity == Severity.OK ? "Nothing to do."
                        : "Check the primary's load and the network; a long query here can also pause replay.", items);
            }
        }
        Severity severity = Severity.OK;
        try (PreparedStatement statement = context.prepare("""
                SELECT application_name, state, sync_state, extract(epoch FROM replay_lag) AS lag,
                       pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) AS backlog
                FROM pg_stat_replication ORDER BY application_name""");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                ObjectNode item = items.addObject();
                item.put("replica", rs.getString("application_name"));
                item.put("state", rs.getString("state"));
                item.put("sync_state", rs.getString("sync_state"));
                double lag = rs.getDouble("lag");
                item.put("replay_lag_seconds", rs.wasNull() ? null : lag);
                long backlog = rs.getLong("backlog");
                item.put("replay_backlog_bytes", rs.wasNull() ? null : backlog);
                severity = severity.worst(rs.getString("state") == null ? Severity.INFO
                        : item.get("replay_lag_seconds").isNull() ? Severity.OK : lagSeverity(lag));
            }
        }
        int replicas = items.size();
        try (PreparedStatement statement = context.prepare("""
                SELECT slot_name, slot_type, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) AS retained
                FROM pg_replication_slots WHERE NOT active""");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                items.addObject().put("inactive_slot", rs.getString(1)).put("slot_type", rs.getString(2))
                        .put("retained_wal_bytes", rs.getLong(3));
                severity = severity.worst(Severity.WARNING);
            }
        }
        String summary = replicas == 0 ? "No replica is streaming from this server" : replicas + " replicas streaming";
        if (items.size() > replicas) {
            summary += "; " + (items.size() - replicas) + " inactive replication slots retain WAL";
        }
        if (replicas > 0 && !context.readsAllStats) {
            summary += "; their lag is hidden from this login (grant it pg_monitor)";
        }
        return new Finding("replication", severity, summary, severity == Severity.OK ? "Nothing to do."
                : "Find why replicas fall behind (network, replica load, long queries there); drop slots nobody uses"
                + " (pg_drop_replication_slot) before they fill the disk.", items);
    }

    static Finding databaseSize(HealthContext context) throws SQLException {
        try (PreparedStatement statement = context.prepare(
                "SELECT pg_database_size(current_database()), pg_size_pretty(pg_database_size(current_database()))");
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            Finding finding = Finding.of("database_size", Severity.INFO, "The database takes " + rs.getString(2) + ".",
                    "Watch the trend against the disk; backups and restores take time in proportion.");
            finding.items().addObject().put("bytes", rs.getLong(1));
            return finding;
        }
    }

    private static Severity lagSeverity(double seconds) {
        return seconds >= REPLICATION_LAG_CRITICAL_SECONDS ? Severity.CRITICAL
                : seconds >= REPLICATION_LAG_WARNING_SECONDS ? Severity.WARNING : Severity.OK;
    }
}
