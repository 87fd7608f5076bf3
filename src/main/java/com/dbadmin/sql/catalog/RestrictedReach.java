package com.dbadmin.sql.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The relations whose rows are, include, or are computed from rows of a relation hidden by name. PostgreSQL
 * checks privileges on the relation a query names, not on what it reads through: a parent table returns its
 * children's rows, a view or materialized view returns what its owner may read. So besides the hidden
 * relations themselves this set holds their inheritance children and partitions (they hold the same kind of
 * rows), every ancestor of those (a scan of the parent includes them), and every view or materialized view
 * that reads any relation of the set, transitively.
 */
public final class RestrictedReach {
    private static final String RELATIONS_SQL = """
            SELECT c.oid, n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND\s""" + SchemaInspector.USER_RELATIONS;

    private static final String INHERITANCE_SQL = "SELECT inhrelid, inhparent FROM pg_inherits";

    /** Which relations each view's or materialized view's rewrite rule reads. */
    private static final String VIEW_READS_SQL = """
            SELECT DISTINCT r.ev_class, d.refobjid
            FROM pg_rewrite r
            JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                            AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class
            JOIN pg_class c ON c.oid = d.refobjid AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
            """;

    private RestrictedReach() {
    }

    /**
     * @param visibleByName whether policy shows a relation by its schema and name alone
     * @return the oids of every user relation that must stay hidden
     */
    public static Set<Long> load(Connection connection, BiPredicate<String, String> visibleByName) throws SQLException {
        Set<Long> seeds = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(RELATIONS_SQL);
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                if (!visibleByName.test(rs.getString(2), rs.getString(3))) {
                    seeds.add(rs.getLong(1));
                }
            }
        }
        Map<Long, List<Long>> children = new HashMap<>();
        Map<Long, List<Long>> parents = new HashMap<>();
        for (long[] edge : pairs(connection, INHERITANCE_SQL)) {
            children.computeIfAbsent(edge[1], k -> new java.util.ArrayList<>()).add(edge[0]);
            parents.computeIfAbsent(edge[0], k -> new java.util.ArrayList<>()).add(edge[1]);
        }
        Map<Long, List<Long>> readers = new HashMap<>();
        for (long[] edge : pairs(connection, VIEW_READS_SQL)) {
            readers.computeIfAbsent(edge[1], k -> new java.util.ArrayList<>()).add(edge[0]);
        }
        // Rows of a hidden relation live in its subtree...
        Set<Long> hidden = closure(seeds, children);
        // ...and reach whoever reads it: ancestors and views, each of which may be read by more.
        Deque<Long> pending = new ArrayDeque<>(hidden);
        while (!pending.isEmpty()) {
            long oid = pending.pop();
            for (Map<Long, List<Long>> edges : List.of(parents, readers)) {
                for (long next : edges.getOrDefault(oid, List.of())) {
                    if (hidden.add(next)) {
                        pending.push(next);
                    }
                }
            }
        }
        return Set.copyOf(hidden);
    }

    private static Set<Long> closure(Set<Long> start, Map<Long, List<Long>> edges) {
        Set<Long> reached = new HashSet<>(start);
        Deque<Long> pending = new ArrayDeque<>(start);
        while (!pending.isEmpty()) {
            for (long next : edges.getOrDefault(pending.pop(), List.of())) {
                if (reached.add(next)) {
                    pending.push(next);
                }
            }
        }
        return reached;
    }

    private static List<long[]> pairs(Connection connection, String sql) throws SQLException {
        List<long[]> pairs = new java.util.ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                pairs.add(new long[]{rs.getLong(1), rs.getLong(2)});
            }
        }
        return pairs;
    }
}
