package com.dbadmin.backup.restore;

import com.dbadmin.backup.format.Manifest;
import com.dbadmin.backup.format.TocEntry;
import com.dbadmin.call.ToolException;
import com.dbadmin.guard.TablePolicy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a restore will touch, decided from the backup's table of contents before anything runs: the
 * tables whose rows are loaded, the objects to create (a subset brings the types, functions and
 * sequences its tables need), which file of an incremental chain holds each table's latest rows, and
 * where each schema goes. Policy is applied here: a restricted table in the backup or the request
 * refuses the whole restore.
 */
final class RestorePlan {
    /** Entries that create an object a restore can find, keep, create or drop. */
    static final Set<String> OBJECT_KINDS = Set.of("type", "domain", "sequence", "function", "aggregate", "table",
            "foreign_table", "view", "matview", "collation", "ts_dictionary", "ts_config", "fdw", "server", "user_mapping",
            "publication", "event_trigger");
    /** Objects of the database as a whole, created last: only a full restore into the original schemas makes them. */
    static final Set<String> DATABASE_LAST = Set.of("publication", "event_trigger");

    private final Map<String, TocEntry> objects = new LinkedHashMap<>();
    private final Set<String> included = new LinkedHashSet<>();
    private final Set<String> dataTables = new LinkedHashSet<>();
    private final Map<String, TocEntry> dataEntries = new LinkedHashMap<>();
    private final Map<String, Integer> dataSource = new HashMap<>();
    private final Map<String, Manifest.TableEntry> expected = new HashMap<>();
    private final String targetSchema;
    private final boolean everything;
    private final boolean hasSchema;

    private RestorePlan(String targetSchema, boolean everything, boolean hasSchema) {
        this.targetSchema = targetSchema;
        this.everything = everything;
        this.hasSchema = hasSchema;
    }

    public static RestorePlan build(List<TocEntry> toc, List<Manifest> chain, RestoreOptions options, TablePolicy policy) {
        boolean hasSchema = toc.stream().anyMatch(e -> "table".equals(e.kind()));
        RestorePlan plan = new RestorePlan(checkTargetSchema(options.targetSchema()), !options.subset(), hasSchema);
        for (TocEntry entry : toc) {
            if (OBJECT_KINDS.contains(entry.kind()) && entry.key() != null) {
                plan.objects.put(entry.key(), entry);
            }
            if (entry.isTableData()) {
                plan.dataEntries.put(entry.key(), entry);
            }
        }
        Map<String, TocEntry> tables = new LinkedHashMap<>();
        for (TocEntry entry : hasSchema ? plan.objects.values() : plan.dataEntries.values()) {
            if ("table".equals(entry.kind()) || entry.isTableData()) {
                tables.put(entry.key(), entry);
            }
        }
        List<TocEntry> selected = new ArrayList<>();
        if (options.subset()) {
            for (String requested : options.tables()) {
                policy.checkRequestedName(requested);
                selected.add(resolve(tables, requested));
            }
        } else {
            selected.addAll(tables.values());
        }
        for (TocEntry table : selected) {
            String target = plan.targetSchema == null ? table.schema() : plan.targetSchema;
            if (!policy.isVisible(table.schema(), table.name()) || !policy.isVisible(target, table.name())) {
                if (options.subset()) {
                    // As for every hidden table: the answer of an unknown one.
                    throw com.dbadmin.sql.catalog.CatalogCache.notFound(table.schema() + "." + table.name());
                }
                throw ToolException.denied("The backup contains a table the server policy does not allow; pass"
                        + " 'tables' to restore the others.");
            }
            if (policy.isReadOnly(table.schema(), table.name()) || policy.isReadOnly(target, table.name())) {
                if (options.subset()) {
                    throw TablePolicy.readOnlyDenied(target + "." + table.name());
                }
                throw ToolException.denied("The backup contains a table that is read-only by server policy ("
                        + target + "." + table.name() + "); pass 'tables' to restore the others.");
            }
        }
        plan.select(selected, toc);
        plan.checkTargetCollisions();
        plan.chain(chain);
        return plan;
    }

    private void select(List<TocEntry> selected, List<TocEntry> toc) {
        Deque<String> pending = new ArrayDeque<>();
        for (TocEntry table : selected) {
            pending.add(table.key());
            dataTables.add(table.key());
        }
        if (everything) {
            included.addAll(objects.keySet());
            if (targetSchema != null) {
                objects.values().stream().filter(o -> DATABASE_LAST.contains(o.kind())).forEach(o -> included.remove(o.key()));
            }
        }
        // Partitions of a selected partitioned table come with it (their rows are its rows).
        boolean grew = true;
        while (grew) {
            grew = false;
            for (TocEntry entry : objects.values()) {
                if ("table".equals(entry.kind()) && entry.owner() != null && dataTables.contains(entry.owner())
                        && dataTables.add(entry.key())) {
                    pending.add(entry.key());
                    grew = true;
                }
            }
        }
        // What their triggers, rules, policies, checks and indexes call (functions, types, collations).
        for (TocEntry entry : toc) {
            if (TocEntry.POST.equals(entry.section()) && entry.deps() != null && dataTables.contains(entry.owner())) {
                pending.addAll(entry.deps());
            }
        }
        // What the selected tables need: types, functions, sequences (and a partition's parent).
        while (!pending.isEmpty()) {
            String key = pending.poll();
            if (!objects.containsKey(key) || !included.add(key)) {
                continue;
            }
            TocEntry entry = objects.get(key);
            if (entry.deps() != null) {
                for (String dependency : entry.deps()) {
                    if (objects.containsKey(dependency) && !included.contains(dependency)) {
                        pending.add(dependency);
                    }
                }
            }
        }
        for (TocEntry entry : objects.values()) {
            if ("sequence".equals(entry.kind()) && entry.owner() != null && dataTables.contains(entry.owner())) {
                included.add(entry.key());
                if (entry.deps() != null) {
                    entry.deps().stream().filter(objects::containsKey).forEach(included::add);
                }
            }
        }
        dataTables.retainAll(dataEntries.keySet());
    }

    /** Restoring several schemas into one must not map two objects onto the same name. */
    private void checkTargetCollisions() {
        if (targetSchema == null) {
            return;
        }
        Map<String, String> seen = new HashMap<>();
        for (String key : included) {
            TocEntry entry = objects.get(key);
            if (entry.schema() == null) {
                continue;
            }
            String relationSpace = Set.of("table", "foreign_table", "view", "matview", "sequence").contains(entry.kind())
                    ? "relation" : Set.of("function", "aggregate").contains(entry.kind()) ? "routine" : entry.kind();
            String target = relationSpace + ":" + (entry.signature() != null ? entry.signature() : entry.name());
            String previous = seen.putIfAbsent(target, entry.schema() + "." + entry.name());
            if (previous != null && !previous.equals(entry.schema() + "." + entry.name())) {
                throw ToolException.validation("Restoring into schema '" + targetSchema + "' would put both " + previous
                        + " and " + entry.schema() + "." + entry.name() + " under one name; pass 'tables' to restore"
                        + " one of them.");
            }
        }
    }

    /** For incremental chains: the last file that carries each table's rows, and its checksums. */
    private void chain(List<Manifest> chain) {
        for (int index = 0; index < chain.size(); index++) {
            Manifest manifest = chain.get(index);
            if (manifest.tables() == null) {
                continue;
            }
            for (Manifest.TableEntry table : manifest.tables()) {
                if (table.carried()) {
                    String key = keyOfName(table.name());
                    if (key != null) {
                        dataSource.put(key, index);
                        expected.put(key, table);
                    }
                }
            }
        }
    }

    private String keyOfName(String qualifiedName) {
        for (TocEntry entry : dataEntries.values()) {
            if ((entry.schema() + "." + entry.name()).equals(qualifiedName)) {
                return entry.key();
            }
        }
        return null;
    }

    private static TocEntry resolve(Map<String, TocEntry> tables, String requested) {
        String trimmed = requested.trim();
        List<TocEntry> exact = new ArrayList<>();
        List<TocEntry> byName = new ArrayList<>();
        List<TocEntry> folded = new ArrayList<>();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        for (TocEntry table : tables.values()) {
            String qualified = table.schema() + "." + table.name();
            if (qualified.equals(trimmed)) {
                exact.add(table);
            }
            if (table.name().equals(trimmed)) {
                byName.add(table);
            }
            if (qualified.toLowerCase(Locale.ROOT).equals(lower) || table.name().toLowerCase(Locale.ROOT).equals(lower)) {
                folded.add(table);
            }
        }
        for (List<TocEntry> candidates : List.of(exact, byName, folded)) {
            if (candidates.size() == 1) {
                return candidates.get(0);
            }
            if (candidates.size() > 1) {
                throw ToolException.validation("'" + requested + "' matches several tables in the backup; write it as"
                        + " schema.table.");
            }
        }
        throw ToolException.notFound("Table '" + requested + "' is not in this backup. db_validate_backup lists the"
                + " tables a backup holds.");
    }

    private static String checkTargetSchema(String target) {
        if (target == null || target.isBlank()) {
            return null;
        }
        String name = target.trim();
        if (name.equalsIgnoreCase(TablePolicy.INTERNAL_SCHEMA)) {
            throw ToolException.denied("Restoring into the server's own schema '" + name + "' is not allowed.");
        }
        if (name.length() > 63 || name.chars().anyMatch(c -> c < 0x20) || name.startsWith("pg_")
                || name.equalsIgnoreCase("information_schema")) {
            throw ToolException.validation("'targetSchema' must be an ordinary schema name (at most 63 characters, not"
                    + " pg_* or information_schema).");
        }
        return name;
    }

    public Map<String, TocEntry> objects() {
        return objects;
    }

    public boolean includes(String key) {
        return included.contains(key);
    }

    /** Tables whose rows are loaded. */
    public Set<String> dataTables() {
        return dataTables;
    }

    /** Index in the chain of the file holding the table's latest rows (0 when not an incremental). */
    public int dataSource(String tableKey) {
        return dataSource.getOrDefault(tableKey, 0);
    }

    /** The table_data entry of a table (schema and name as in the backup). */
    public TocEntry dataEntry(String tableKey) {
        return dataEntries.get(tableKey);
    }

    public Manifest.TableEntry expected(String tableKey) {
        return expected.get(tableKey);
    }

    public String targetSchema() {
        return targetSchema;
    }

    public boolean everything() {
        return everything;
    }

    public boolean hasSchema() {
        return hasSchema;
    }

    /** Where an object of {@code schema} goes. */
    public String map(String schema) {
        return targetSchema == null || schema == null ? schema : targetSchema;
    }

    /** Whether database-level statements (comments on schemas, default privileges, large objects) apply. */
    public boolean wholeDatabase() {
        return everything && targetSchema == null;
    }

    /** Schemas of the included objects, in first-seen order. */
    public Set<String> includedSchemas() {
        Set<String> schemas = new LinkedHashSet<>();
        for (String key : included) {
            if (objects.get(key).schema() != null) {
                schemas.add(objects.get(key).schema());
            }
        }
        for (String key : dataTables) {
            TocEntry data = dataEntries.get(key);
            if (data != null) {
                schemas.add(data.schema());
            }
        }
        return schemas;
    }
}
