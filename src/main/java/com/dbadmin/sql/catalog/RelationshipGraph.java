package com.dbadmin.sql.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks foreign keys from one table: up to the tables it references (parents) and down to the tables
 * that reference it (children), level by level to a depth. Each table is expanded once, so cycles
 * (self-references, mutual references) end the walk instead of repeating; a key leading back to a table
 * already reached is still reported, marked as such. The caller passes only the keys it may show.
 */
public final class RelationshipGraph {
    /**
     * One foreign key reached at {@code level}; {@code revisit} when its far end was already reached
     * (the walk does not expand it again).
     */
    public record Step(int level, ForeignKeyInfo key, boolean revisit) {
    }

    /** Parents and children reached from the root, and the root's own self-references. */
    public record Walk(List<Step> parents, List<Step> children, List<ForeignKeyInfo> selfReferences) {
    }

    private final Map<String, List<ForeignKeyInfo>> outgoing = new LinkedHashMap<>();
    private final Map<String, List<ForeignKeyInfo>> incoming = new LinkedHashMap<>();

    public RelationshipGraph(List<ForeignKeyInfo> keys) {
        for (ForeignKeyInfo key : keys) {
            outgoing.computeIfAbsent(key.fromQualified(), k -> new ArrayList<>()).add(key);
            incoming.computeIfAbsent(key.toQualified(), k -> new ArrayList<>()).add(key);
        }
    }

    public Walk walk(String root, int depth) {
        List<ForeignKeyInfo> self = outgoing.getOrDefault(root, List.of()).stream()
                .filter(ForeignKeyInfo::selfReference).toList();
        return new Walk(walkOneWay(root, depth, true), walkOneWay(root, depth, false), self);
    }

    private List<Step> walkOneWay(String root, int depth, boolean up) {
        List<Step> steps = new ArrayList<>();
        Set<String> reached = new HashSet<>(Set.of(root));
        List<String> frontier = List.of(root);
        for (int level = 1; level <= depth && !frontier.isEmpty(); level++) {
            List<String> next = new ArrayList<>();
            for (String table : frontier) {
                for (ForeignKeyInfo key : (up ? outgoing : incoming).getOrDefault(table, List.of())) {
                    if (key.selfReference()) {
                        continue;
                    }
                    String far = up ? key.toQualified() : key.fromQualified();
                    boolean revisit = !reached.add(far);
                    steps.add(new Step(level, key, revisit));
                    if (!revisit) {
                        next.add(far);
                    }
                }
            }
            frontier = next;
        }
        return steps;
    }
}
