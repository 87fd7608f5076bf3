package com.dbadmin.sql.health;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Connections, long queries, idle transactions and lock waits, from pg_stat_activity. Never any query text. */
final class SessionChecks {
    static final double CONNECTIONS_WARNING = 0.75;
    static final double CONNECTIONS_CRITICAL = 0.90;
    /** A session older than this many times the threshold is critical. */
    static final int CRITICAL_MULTIPLE = 10;
    private static final int MAX_ITEMS = 20;

    private SessionChecks() {
    }

    static Finding connections(HealthContext context) throws SQLException {
        try (PreparedStatement statement = context.prepare("""
                SELECT count(*) FILTER (WHERE backend_type = 'client backend' OR backend_type IS NULL),
                       count(*) FILTER (WHERE state = 'active'), count(*) FILTER (WHERE state = 'idle'),
                       current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int
                FROM pg_stat_activity""");
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            long used = rs.getLong(1);
            int max = rs.getInt(4);
            int usable = Math.max(1, max - rs.getInt(5));
            double ratio = (double) used / usable;
            Severity severity = ratio >= CONNECTIONS_CRITICAL ? Severity.CRITICAL
                    : ratio >= CONNECTIONS_WARNING ? Severity.WARNING : Severity.OK;
            Finding finding = Finding.of("connections", severity, used + " of " + usable + " connections in use ("
                            + Math.round(ratio * 100) + "%; max_connections " + max + ")",
                    severity == Severity.OK ? "Nothing to do."
                            : "Put a pooler (PgBouncer, RDS Proxy) in front, lower pool sizes, or raise max_connections.");
            ObjectNode item = finding.items().addObject();
            item.put("used", used);
            item.put("usable", usable);
            item.put("max_connections", max);
            item.put("active", rs.getLong(2));
            item.put("idle", rs.getLong(3));
            item.put("ratio", Math.round(ratio * 1000) / 1000.0);
            return finding;
        }
    }

    static Finding longRunningQueries(HealthContext context, int thresholdSeconds) throws SQLException {
        Finding finding = sessions(context, "long_running_queries", "state = 'active'", "query_start", thresholdSeconds);
        return finding.items().isEmpty()
                ? Finding.of(finding.check(), Severity.OK, "No query has run longer than " + thresholdSeconds + " s.",
                "Nothing to do.")
                : new Finding(finding.check(), finding.severity(), finding.items().size() + " queries running longer than "
                + thresholdSeconds + " s", "Check them with EXPLAIN; cancel with pg_cancel_backend(pid) if they are stuck;"
                + " set statement_timeout for the roles that run them.", finding.items());
    }

    static Finding idleInTransaction(HealthContext context, int thresholdSeconds) throws SQLException {
        Finding finding = sessions(context, "idle_in_transaction", "state LIKE 'idle in transaction%'", "state_change",
                thresholdSeconds);
        return finding.items().isEmpty()
                ? Finding.of(finding.check(), Severity.OK, "No session has idled in a transaction longer than "
                + thresholdSeconds + " s.", "Nothing to do.")
                : new Finding(finding.check(), finding.severity(), finding.items().size()
                + " sessions idle in a transaction longer than " + thresholdSeconds + " s (they hold locks and stop"
                + " vacuum)", "Fix the client that leaves transactions open; set idle_in_transaction_session_timeout.",
                finding.items());
    }

    private static Finding sessions(HealthContext context, String check, String condition, String since,
                                    int thresholdSeconds) throws SQLException {
        Finding finding = Finding.of(check, Severity.OK, "", "");
        Severity severity = Severity.OK;
        try (PreparedStatement statement = context.prepare("""
                SELECT pid, usename, application_name, state, extract(epoch FROM now() - %1$s)::bigint AS seconds,
                       wait_event_type, wait_event
                FROM pg_stat_activity
                WHERE %2$s AND pid <> pg_backend_pid() AND now() - %1$s > make_interval(secs => ?)
                ORDER BY seconds DESC LIMIT %3$d""".formatted(since, condition, MAX_ITEMS))) {
            statement.setInt(1, thresholdSeconds);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ObjectNode item = finding.items().addObject();
                    item.put("pid", rs.getInt("pid"));
                    item.put("user", rs.getString("usename"));
                    item.put("application", rs.getString("application_name"));
                    item.put("state", rs.getString("state"));
                    item.put("seconds", rs.getLong("seconds"));
                    item.put("wait_event", rs.getString("wait_event") == null ? null
                            : rs.getString("wait_event_type") + ":" + rs.getString("wait_event"));
                    severity = severity.worst(rs.getLong("seconds") >= (long) thresholdSeconds * CRITICAL_MULTIPLE
                            ? Severity.CRITICAL : Severity.WARNING);
                }
            }
        }
        return new Finding(check, severity, "", "", finding.items());
    }

    /** Sessions waiting for a lock, who blocks them, and the root of each chain (a blocker not itself blocked). */
    static Finding blockingLocks(HealthContext context, int thresholdSeconds) throws SQLException {
        Map<Integer, List<Integer>> blockedBy = new HashMap<>();
        Map<Integer, ObjectNode> waiting = new HashMap<>();
        Finding finding = Finding.of("blocking_locks", Severity.OK, "", "");
        try (PreparedStatement statement = context.prepare("""
                SELECT pid, usename, pg_blocking_pids(pid) AS blockers,
                       extract(epoch FROM now() - coalesce(state_change, query_start))::bigint AS seconds,
                       wait_event_type, wait_event
                FROM pg_stat_activity WHERE cardinality(pg_blocking_pids(pid)) > 0
                ORDER BY seconds DESC NULLS LAST""");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                List<Integer> blockers = new ArrayList<>();
                Array array = rs.getArray("blockers");
                for (Integer pid : (Integer[]) array.getArray()) {
                    blockers.add(pid);
                }
                int pid = rs.getInt("pid");
                blockedBy.put(pid, blockers);
                ObjectNode item = finding.items().objectNode();
                item.put("pid", pid);
                item.put("user", rs.getString("usename"));
                long seconds = rs.getLong("seconds");
                if (rs.wasNull()) {
                    item.putNull("waiting_seconds");
                } else {
                    item.put("waiting_seconds", seconds);
                }
                item.put("wait_event", rs.getString("wait_event_type") + ":" + rs.getString("wait_event"));
                waiting.put(pid, item);
            }
        }
        Severity severity = Severity.OK;
        for (Map.Entry<Integer, ObjectNode> entry : waiting.entrySet()) {
            ObjectNode item = entry.getValue();
            ArrayNode blockers = item.putArray("blocked_by");
            blockedBy.get(entry.getKey()).forEach(blockers::add);
            ArrayNode roots = item.putArray("root_blockers");
            roots(entry.getKey(), blockedBy).forEach(roots::add);
            long seconds = item.path("waiting_seconds").asLong(0);
            severity = severity.worst(seconds >= (long) thresholdSeconds * CRITICAL_MULTIPLE ? Severity.CRITICAL
                    : Severity.WARNING);
            if (finding.items().size() < MAX_ITEMS) {
                finding.items().add(item);
            }
        }
        if (waiting.isEmpty()) {
            return Finding.of("blocking_locks", Severity.OK, "No session is waiting for a lock.", "Nothing to do.");
        }
        return new Finding("blocking_locks", severity, waiting.size() + " sessions wait for locks held by others",
                "End the root blockers' transactions (commit, or pg_cancel_backend / pg_terminate_backend on their pid);"
                        + " set lock_timeout for clients that must not wait.", finding.items());
    }

    private static Set<Integer> roots(int pid, Map<Integer, List<Integer>> blockedBy) {
        Set<Integer> roots = new LinkedHashSet<>();
        Set<Integer> seen = new java.util.HashSet<>();
        java.util.Deque<Integer> pending = new java.util.ArrayDeque<>(blockedBy.getOrDefault(pid, List.of()));
        while (!pending.isEmpty()) {
            int blocker = pending.pop();
            if (!seen.add(blocker)) {
                continue;
            }
            List<Integer> next = blockedBy.get(blocker);
            if (next == null || next.isEmpty()) {
                roots.add(blocker);
            } else {
                pending.addAll(next);
            }
        }
        return roots;
    }
}
