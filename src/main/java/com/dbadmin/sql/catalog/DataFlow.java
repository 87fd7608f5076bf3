package com.dbadmin.sql.catalog;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where rows come from and where changes spread, as the database catalogue says: the relations a view's
 * or materialized view's rules read (pg_rewrite, pg_depend), inheritance and partition descendants
 * (pg_inherits), and the foreign keys whose ON DELETE / ON UPDATE actions change other tables
 * (pg_constraint). Policy uses it so that restricted rows stay hidden when they are reached through a
 * view, a parent table or a cascade rather than by name. Loaded with each catalogue snapshot; each
 * answer is computed once per snapshot.
 */
public final class DataFlow {
    private static final String RELATIONS_SQL = """
            SELECT c.oid, n.nspname, c.relname, c.relkind
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND %s""".formatted(SchemaInspector.USER_RELATIONS);

    private static final String VIEW_SOURCES_SQL = """
            SELECT DISTINCT r.ev_class, d.refobjid
            FROM pg_rewrite r
            JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                            AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class""";

    private static final String INHERITANCE_SQL = "SELECT inhrelid, inhparent FROM pg_inherits";

    /** Foreign keys whose actions change the referencing table: CASCADE (c), SET NULL (n), SET DEFAULT (d). */
    private static final String FOREIGN_KEY_ACTIONS_SQL = """
            SELECT con.conrelid, con.confrelid, con.confdeltype, con.confupdtype,
                   ARRAY(SELECT a.attname FROM unnest(con.conkey) AS k(attnum)
                         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
                   ARRAY(SELECT a.attname FROM unnest(con.confkey) AS k(attnum)
                         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS referenced
            FROM pg_constraint con
            WHERE con.contype = 'f' AND con.conparentid = 0
              AND (con.confdeltype IN ('c', 'n', 'd') OR con.confupdtype IN ('c', 'n', 'd'))""";

    private record Relation(long oid, TableDetails.RelationName name, char kind) {
    }

    /** A referencing table whose rows change when rows of the referenced one are deleted or updated. */
    private record Action(long table, List<String> columns, List<String> referenced, char onDelete, char onUpdate) {
        boolean changesOnDelete() {
            return onDelete == 'c' || onDelete == 'n' || onDelete == 'd';
        }

        boolean changesOnUpdateOf(Collection<String> updated) {
            return (onUpdate == 'c' || onUpdate == 'n' || onUpdate == 'd') && referenced.stream().anyMatch(updated::contains);
        }
    }

    private final Map<Long, Relation> relations;
    private final Map<Long, List<Long>> viewSources;
    private final Map<Long, List<Long>> children;
    private final Map<Long, List<Action>> actionsOnReferenced;
    private final Map<Long, Set<TableDetails.RelationName>> readsMemo = new ConcurrentHashMap<>();
    private final Map<Long, Set<TableDetails.RelationName>> descendantsMemo = new ConcurrentHashMap<>();
    private final Map<Long, Set<TableDetails.RelationName>> deleteMemo = new ConcurrentHashMap<>();

    private DataFlow(Map<Long, Relation> relations, Map<Long, List<Long>> viewSources, Map<Long, List<Long>> children,
                     Map<Long, List<Action>> actionsOnReferenced) {
        this.relations = relations;
        this.viewSources = viewSources;
        this.children = children;
        this.actionsOnReferenced = actionsOnReferenced;
    }

    static DataFlow load(Connection connection) throws SQLException {
        Map<Long, Relation> relations = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(RELATIONS_SQL); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                relations.put(rs.getLong(1), new Relation(rs.getLong(1),
                        new TableDetails.RelationName(rs.getString(2), rs.getString(3)), rs.getString(4).charAt(0)));
            }
        }
        Map<Long, List<Long>> viewSources = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(VIEW_SOURCES_SQL); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                viewSources.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
            }
        }
        Map<Long, List<Long>> children = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(INHERITANCE_SQL); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                children.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>()).add(rs.getLong(1));
            }
        }
        Map<Long, List<Action>> actions = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(FOREIGN_KEY_ACTIONS_SQL); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                actions.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>()).add(new Action(rs.getLong(1),
                        names(rs.getArray(5)), names(rs.getArray(6)), rs.getString(3).charAt(0), rs.getString(4).charAt(0)));
            }
        }
        return new DataFlow(relations, viewSources, children, actions);
    }

    /**
     * Every relation whose rows a plain SELECT from {@code table} can return besides its own: for a view
     * or materialized view what its rules read (through other views, and the descendants of each table),
     * for a table its inheritance and partition descendants.
     */
    public Set<TableDetails.RelationName> readsFrom(TableInfo table) {
        return readsMemo.computeIfAbsent(table.oid(), oid -> {
            Set<Long> seen = new HashSet<>();
            Deque<Long> pending = new ArrayDeque<>(sourcesOf(oid));
            Set<TableDetails.RelationName> reached = new LinkedHashSet<>();
            while (!pending.isEmpty()) {
                long next = pending.pop();
                if (!seen.add(next) || next == oid) {
                    continue;
                }
                Relation relation = relations.get(next);
                if (relation != null) {
                    reached.add(relation.name());
                }
                pending.addAll(sourcesOf(next));
            }
            return Set.copyOf(reached);
        });
    }

    /** The inheritance and partition descendants of {@code table}, at every level. */
    public Set<TableDetails.RelationName> descendants(TableInfo table) {
        return descendantsMemo.computeIfAbsent(table.oid(), oid -> names(descendantOids(oid)));
    }

    /** Tables whose rows a DELETE from {@code table} (descendants included) changes through foreign-key actions. */
    public Set<TableDetails.RelationName> changedByDelete(TableInfo table) {
        return deleteMemo.computeIfAbsent(table.oid(), oid -> spread(oid, null));
    }

    /** Tables whose rows an UPDATE of {@code columns} of {@code table} changes through foreign-key actions. */
    public Set<TableDetails.RelationName> changedByUpdate(TableInfo table, Collection<String> columns) {
        return spread(table.oid(), Set.copyOf(columns));
    }

    /**
     * Follows foreign-key actions from a change of {@code start}: a DELETE when {@code columns} is null,
     * else an UPDATE of those columns. A cascaded delete deletes in turn; SET NULL, SET DEFAULT and ON
     * UPDATE CASCADE update the referencing columns, which may be referenced again.
     */
    private Set<TableDetails.RelationName> spread(long start, Set<String> columns) {
        record Change(long table, Set<String> columns) {
        }
        Set<Change> seen = new HashSet<>();
        Deque<Change> pending = new ArrayDeque<>();
        pending.push(new Change(start, columns));
        Set<Long> reached = new LinkedHashSet<>();
        while (!pending.isEmpty()) {
            Change change = pending.pop();
            if (!seen.add(change)) {
                continue;
            }
            List<Long> affected = new ArrayList<>();
            affected.add(change.table());
            // Without ONLY a change of a parent is a change of its descendants' rows too.
            affected.addAll(descendantOids(change.table()));
            for (long table : affected) {
                for (Action action : actionsOnReferenced.getOrDefault(table, List.of())) {
                    if (change.columns() == null ? action.changesOnDelete() : action.changesOnUpdateOf(change.columns())) {
                        reached.add(action.table());
                        boolean deletes = change.columns() == null && action.onDelete() == 'c';
                        pending.push(new Change(action.table(), deletes ? null : Set.copyOf(action.columns())));
                    }
                }
            }
        }
        reached.remove(start);
        return names(reached);
    }

    private List<Long> sourcesOf(long oid) {
        List<Long> sources = new ArrayList<>(viewSources.getOrDefault(oid, List.of()));
        sources.addAll(children.getOrDefault(oid, List.of()));
        return sources;
    }

    private Set<Long> descendantOids(long oid) {
        Set<Long> found = new LinkedHashSet<>();
        Deque<Long> pending = new ArrayDeque<>(children.getOrDefault(oid, List.of()));
        while (!pending.isEmpty()) {
            long child = pending.pop();
            if (found.add(child)) {
                pending.addAll(children.getOrDefault(child, List.of()));
            }
        }
        return found;
    }

    private Set<TableDetails.RelationName> names(Collection<Long> oids) {
        Set<TableDetails.RelationName> names = new LinkedHashSet<>();
        for (long oid : oids) {
            Relation relation = relations.get(oid);
            if (relation != null) {
                names.add(relation.name());
            }
        }
        return Set.copyOf(names);
    }

    private static List<String> names(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (Object value : (Object[]) array.getArray()) {
            names.add(String.valueOf(value));
        }
        return List.copyOf(names);
    }
}
