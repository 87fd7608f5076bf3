package com.dbadmin.backup.dump;

import com.dbadmin.backup.format.DumpFormat;
import com.dbadmin.backup.format.PlannedEntry;
import com.dbadmin.backup.format.TocEntry;
import com.dbadmin.sql.catalog.Identifiers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Orders a catalogue snapshot into dump entries: objects before the data in dependency order, data in
 * foreign-key order (referenced tables first), extension configuration rows and large objects, then
 * keys, indexes, foreign keys, materialized view refreshes, triggers, rules, policies, row security,
 * statistics, publications, comments and labels, owners and grants, and event triggers. Also plans
 * table backups and incrementals (the changed tables only, applied on top of what the base chain
 * restores).
 */
public final class DumpPlanner {
    /** Large objects are written in pieces of this many bytes (one piece in memory at a time). */
    static final int LARGE_OBJECT_CHUNK = 256 * 1024;
    /** Post-data statements in the order they run; materialized views are refreshed after "index_use". */
    private static final List<String> POST_BEFORE_REFRESH = List.of("constraint", "index", "index_attach", "foreign_key",
            "index_use");
    private static final List<String> POST_AFTER_REFRESH = List.of("trigger", "rule", "policy", "row_security", "statistics");
    private static final List<String> PRIVILEGES = List.of("owner", "acl");

    private static final Comparator<DatabaseObject> TIE_BREAK = Comparator
            .comparing((DatabaseObject o) -> o.kind().ordinal())
            .thenComparing(o -> Objects.toString(o.schema(), ""))
            .thenComparing(o -> o.signature() != null ? o.signature() : o.name());

    private final ObjectSnapshot snapshot;
    private final Map<String, SequenceValue> sequenceValues;
    private final List<PlannedEntry> entries = new ArrayList<>();
    private String currentSchema;

    /** A sequence's state when the snapshot was read (sequences are not transactional). */
    public record SequenceValue(String schema, String name, long value, boolean called) {
    }

    public DumpPlanner(ObjectSnapshot snapshot, Map<String, SequenceValue> sequenceValues) {
        this.snapshot = snapshot;
        this.sequenceValues = sequenceValues;
    }

    /** Every object and (optionally) every table's data. */
    public List<PlannedEntry> full(boolean includeSchema, boolean includeData) {
        List<DatabaseObject> objects = ordered(snapshot.objects().values());
        List<DatabaseObject> tables = dataTables(objects);
        begin();
        if (includeSchema) {
            schemasAndExtensions();
            objects.stream().filter(o -> !o.kind().createdLast()).forEach(this::create);
            objects.forEach(this::sequenceOwner);
        }
        if (includeData) {
            tables.forEach(this::data);
            if (includeSchema) {
                extensionData();
                largeObjects();
            }
            for (DatabaseObject object : objects) {
                sequenceValues(object);
            }
        }
        if (includeSchema) {
            post(objects);
            List<DatabaseObject> eventTriggers = objects.stream().filter(o -> o.kind() == ObjectKind.EVENT_TRIGGER).toList();
            List<DatabaseObject> others = objects.stream().filter(o -> o.kind() != ObjectKind.EVENT_TRIGGER).toList();
            others.stream().filter(o -> o.kind().createdLast()).forEach(publication -> {
                create(publication);
                posts(publication, "publication_member");
            });
            databaseComments();
            others.forEach(this::comments);
            others.forEach(object -> posts(object, "security_label"));
            databasePrivileges();
            others.forEach(object -> PRIVILEGES.forEach(kind -> posts(object, kind)));
            // Once an event trigger exists it fires on every later DDL (COMMENT, GRANT, ALTER … OWNER
            // included) and may refuse it: event triggers come after everything, as in pg_dump. Their own
            // comments and owners follow them; commands on event triggers never fire one.
            for (DatabaseObject eventTrigger : eventTriggers) {
                create(eventTrigger);
                comments(eventTrigger);
                posts(eventTrigger, "security_label");
                PRIVILEGES.forEach(kind -> posts(eventTrigger, kind));
            }
        }
        commit();
        return entries;
    }

    /**
     * One table (with its partitions and the sequences its columns own); the types and functions it
     * uses are expected to exist where it is restored.
     */
    public List<PlannedEntry> table(DatabaseObject table, boolean includeSchema, boolean includeData) {
        Set<DatabaseObject> members = new LinkedHashSet<>();
        members.add(table);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (DatabaseObject object : snapshot.objects().values()) {
                if (members.contains(object)) {
                    continue;
                }
                boolean partition = object.table() != null && object.table().partitionParent() != null
                        && members.stream().anyMatch(m -> m.key().equals(object.table().partitionParent()));
                boolean ownedSequence = object.kind() == ObjectKind.SEQUENCE && object.ownerTable() != null
                        && members.stream().anyMatch(m -> m.key().equals(object.ownerTable()));
                if (partition || ownedSequence) {
                    members.add(object);
                    grew = true;
                }
            }
        }
        List<DatabaseObject> objects = ordered(members);
        begin();
        if (includeSchema) {
            objects.forEach(this::create);
            objects.forEach(this::sequenceOwner);
        }
        if (includeData) {
            dataTables(objects).forEach(this::data);
            objects.forEach(this::sequenceValues);
        }
        if (includeSchema) {
            post(objects);
            objects.forEach(this::comments);
            objects.forEach(object -> posts(object, "security_label"));
            objects.forEach(object -> PRIVILEGES.forEach(kind -> posts(object, kind)));
        }
        commit();
        return entries;
    }

    /**
     * The data of the changed tables, applied on top of the database its base chain restores: foreign
     * keys touching them are dropped and re-added (which re-validates them), the enabled triggers that
     * fire on their rows are switched off while rows load, they are emptied and reloaded, and every
     * sequence value and materialized view is brought up to date. psql applies it as it is; the
     * restore tool uses only its data.
     */
    public List<PlannedEntry> incremental(Collection<String> changedTableKeys) {
        List<DatabaseObject> objects = ordered(snapshot.objects().values());
        Set<String> changed = new HashSet<>(changedTableKeys);
        List<DatabaseObject> tables = dataTables(objects).stream().filter(t -> changed.contains(t.key())).toList();
        begin();
        List<DatabaseObject> eventTriggers = objects.stream().filter(o -> o.kind() == ObjectKind.EVENT_TRIGGER
                && ("O".equals(o.enabledState()) || "A".equals(o.enabledState()))).toList();
        eventTriggers.forEach(this::eventTriggerOff);
        List<Runnable> readd = dropForeignKeysTouching(objects, tables);
        tables.forEach(table -> triggersFiringOnLoad(table).forEach(trigger -> triggerOff(table, trigger)));
        if (!tables.isEmpty()) {
            List<String> names = tables.stream().map(DumpPlanner::qualified).toList();
            add(TocEntry.builder(TocEntry.INCREMENT, "truncate"), "TRUNCATE ONLY " + String.join(", ", names) + ";\n");
        }
        tables.forEach(this::data);
        tables.forEach(table -> triggersFiringOnLoad(table).forEach(trigger -> triggerBack(table, trigger)));
        readd.forEach(Runnable::run);
        objects.forEach(this::sequenceValues);
        for (DatabaseObject object : objects) {
            refresh(object);
        }
        eventTriggers.forEach(this::eventTriggerBack);
        commit();
        return entries;
    }

    /**
     * Drops the foreign keys on or to the tables (TRUNCATE refuses a referenced table), including those
     * on or to the partitioned tables above them, which hold for their partitions at every level;
     * returns what adds them back.
     */
    private List<Runnable> dropForeignKeysTouching(List<DatabaseObject> objects, List<DatabaseObject> tables) {
        Set<String> touched = new HashSet<>();
        tables.forEach(table -> touched.addAll(lineage(table)));
        List<Runnable> readd = new ArrayList<>();
        for (DatabaseObject owner : objects) {
            if (owner.table() == null) {
                continue;
            }
            for (PostStatement post : owner.posts()) {
                if ("foreign_key".equals(post.kind()) && (touched.contains(owner.key()) || touched.contains(post.references()))) {
                    add(TocEntry.builder(TocEntry.INCREMENT, "foreign_key_drop").owner(owner.key()).name(post.name()),
                            "ALTER TABLE " + qualified(owner) + " DROP CONSTRAINT IF EXISTS " + q(post.name()) + ";\n");
                    readd.add(() -> postEntry(owner, post));
                }
            }
        }
        return readd;
    }

    private void triggerOff(DatabaseObject table, PostStatement trigger) {
        add(TocEntry.builder(TocEntry.INCREMENT, "trigger_disable").owner(table.key()).name(trigger.name()),
                "ALTER TABLE " + qualified(table) + " DISABLE TRIGGER " + q(trigger.name()) + ";\n");
    }

    private void triggerBack(DatabaseObject table, PostStatement trigger) {
        String enable = "A".equals(trigger.triggerState()) ? " ENABLE ALWAYS TRIGGER " : " ENABLE TRIGGER ";
        add(TocEntry.builder(TocEntry.INCREMENT, "trigger_enable").owner(table.key()).name(trigger.name()),
                "ALTER TABLE " + qualified(table) + enable + q(trigger.name()) + ";\n");
    }

    /**
     * An incremental runs DDL (keys dropped and added, triggers switched, views refreshed) that an event
     * trigger would see and may refuse: the enabled ones are off while it runs, as during a full restore
     * (which creates them last). Only a superuser creates event triggers, so whoever restored the base
     * with them may switch them.
     */
    private void eventTriggerOff(DatabaseObject eventTrigger) {
        add(TocEntry.builder(TocEntry.INCREMENT, "event_trigger_disable").owner(eventTrigger.key()).name(eventTrigger.name()),
                "ALTER EVENT TRIGGER " + q(eventTrigger.name()) + " DISABLE;\n");
    }

    private void eventTriggerBack(DatabaseObject eventTrigger) {
        String enable = "A".equals(eventTrigger.enabledState()) ? " ENABLE ALWAYS;\n" : " ENABLE;\n";
        add(TocEntry.builder(TocEntry.INCREMENT, "event_trigger_enable").owner(eventTrigger.key()).name(eventTrigger.name()),
                "ALTER EVENT TRIGGER " + q(eventTrigger.name()) + enable);
    }

    /** The keys of a table and of the partitioned tables above it, nearest first. */
    private List<String> lineage(DatabaseObject table) {
        List<String> keys = new ArrayList<>();
        for (DatabaseObject level = table; level != null && !keys.contains(level.key());
             level = level.table() == null || level.table().partitionParent() == null ? null
                     : snapshot.objects().get(level.table().partitionParent())) {
            keys.add(level.key());
        }
        return keys;
    }

    /**
     * The triggers that would fire on rows copied into the table: its own enabled ones, and the enabled
     * row triggers of the partitioned tables above it, which PostgreSQL clones onto each partition under
     * the same name (a parent's statement triggers fire only for statements on the parent).
     */
    private List<PostStatement> triggersFiringOnLoad(DatabaseObject table) {
        List<PostStatement> triggers = new ArrayList<>();
        for (String level : lineage(table)) {
            for (PostStatement post : snapshot.objects().get(level).posts()) {
                if (post.firesInOrdinarySessions() && (level.equals(table.key()) || post.forEachRow())) {
                    triggers.add(post);
                }
            }
        }
        return triggers;
    }

    private void begin() {
        add(TocEntry.builder(TocEntry.CONTROL, "session"), DumpFormat.SESSION_SETTINGS);
        add(TocEntry.builder(TocEntry.CONTROL, "transaction"), "BEGIN;\n");
    }

    private void commit() {
        add(TocEntry.builder(TocEntry.CONTROL, "transaction"), "COMMIT;\n");
    }

    private void schemasAndExtensions() {
        for (ObjectSnapshot.SchemaInfo schema : snapshot.schemas()) {
            if ("public".equals(schema.name())) {
                // Every database has it, and CREATE SCHEMA would need the CREATE privilege on the
                // database even with IF NOT EXISTS.
                continue;
            }
            add(TocEntry.builder(TocEntry.PRE, "schema").key(schemaKey(schema.name())).name(schema.name()),
                    "CREATE SCHEMA IF NOT EXISTS " + q(schema.name()) + ";\n");
        }
        for (ObjectSnapshot.ExtensionInfo extension : snapshot.extensions()) {
            add(TocEntry.builder(TocEntry.PRE, "extension").key(extensionKey(extension.name())).name(extension.name()),
                    "CREATE EXTENSION IF NOT EXISTS " + q(extension.name()) + " WITH SCHEMA " + q(extension.schema())
                            + " VERSION " + CatalogReader.literal(extension.version()) + ";\n");
        }
    }

    private void create(DatabaseObject object) {
        TocEntry.Builder toc = TocEntry.builder(object.kind().createdLast() ? TocEntry.POST : TocEntry.PRE,
                        object.kind().tocKind())
                .key(object.key()).schema(object.schema()).name(object.name()).signature(object.signature())
                .deps(new ArrayList<>(object.dependencies()));
        if (object.table() != null && object.table().partitionParent() != null) {
            toc.owner(object.table().partitionParent());
        }
        if (object.kind() == ObjectKind.SEQUENCE && object.ownerTable() != null) {
            toc.owner(object.ownerTable());
        }
        add(toc, object.ddl());
    }

    private void sequenceOwner(DatabaseObject sequence) {
        if (sequence.kind() != ObjectKind.SEQUENCE || sequence.ownerTable() == null) {
            return;
        }
        DatabaseObject table = snapshot.objects().get(sequence.ownerTable());
        if (table == null) {
            return;
        }
        String tableName = Objects.equals(table.schema(), sequence.schema()) ? q(table.name()) : qualified(table);
        add(TocEntry.builder(TocEntry.PRE, "sequence_owner").key(sequence.key()).owner(table.key())
                        .schema(sequence.schema()).name(sequence.name()),
                "ALTER SEQUENCE " + q(sequence.name()) + " OWNED BY " + tableName + "." + q(sequence.ownerColumn()) + ";\n");
    }

    private void data(DatabaseObject table) {
        List<String> columns = table.table().copyColumns();
        String columnList = columns.isEmpty() ? "" : " (" + String.join(", ", columns.stream().map(DumpPlanner::q).toList()) + ")";
        TocEntry toc = TocEntry.builder(TocEntry.DATA, "table_data").key(table.key()).owner(table.key())
                .schema(table.schema()).name(table.name()).columns(columns).build();
        switchSchema(table.schema());
        entries.add(new PlannedEntry(toc.withId(entries.size() + 1),
                "COPY " + q(table.name()) + columnList + " FROM stdin;\n",
                "COPY " + qualified(table) + columnList + " TO STDOUT"));
    }

    /**
     * The rows an extension's configuration tables hold for this database, copied with the condition
     * the extension declared (its own default rows are created again by CREATE EXTENSION).
     */
    private void extensionData() {
        for (ObjectSnapshot.ExtensionInfo extension : snapshot.extensions()) {
            for (ObjectSnapshot.ConfigTable table : extension.configTables()) {
                String columns = String.join(", ", table.columns().stream().map(DumpPlanner::q).toList());
                TocEntry toc = TocEntry.builder(TocEntry.DATA, "table_data")
                        .key(DatabaseObject.tableKey(table.schema(), table.name())).owner(extensionKey(extension.name()))
                        .schema(table.schema()).name(table.name()).columns(table.columns()).build();
                switchSchema(table.schema());
                entries.add(new PlannedEntry(toc.withId(entries.size() + 1),
                        "COPY " + q(table.name()) + " (" + columns + ") FROM stdin;\n",
                        "COPY (SELECT " + columns + " FROM " + Identifiers.qualified(table.schema(), table.name()) + " "
                                + table.condition() + ") TO STDOUT"));
            }
        }
    }

    /** Each large object: created with its OID, then written piece by piece (each piece read when written). */
    private void largeObjects() {
        for (ObjectSnapshot.LargeObject object : snapshot.largeObjects()) {
            String key = largeObjectKey(object.oid());
            add(TocEntry.builder(TocEntry.DATA, "large_object").key(key).name(Long.toString(object.oid())),
                    "SELECT pg_catalog.lo_create(" + object.oid() + ");\n");
            for (long offset = 0; offset < object.size(); offset += LARGE_OBJECT_CHUNK) {
                long length = Math.min(LARGE_OBJECT_CHUNK, object.size() - offset);
                TocEntry toc = TocEntry.builder(TocEntry.DATA, "large_object_data").owner(key)
                        .name(Long.toString(object.oid())).build();
                entries.add(PlannedEntry.rendered(toc.withId(entries.size() + 1), "SELECT 'SELECT pg_catalog.lo_put("
                        + object.oid() + ", " + offset + ", ''\\x' || encode(pg_catalog.lo_get(" + object.oid() + ", "
                        + offset + ", " + length + "), 'hex') || ''');' || chr(10)"));
            }
        }
    }

    private void sequenceValues(DatabaseObject object) {
        if (object.kind() == ObjectKind.SEQUENCE) {
            sequenceValue(object.schema(), object.name(), object.ownerTable());
        } else if (object.kind() == ObjectKind.TABLE) {
            for (DumpedTable.IdentitySequence identity : object.table().identitySequences()) {
                sequenceValue(object.schema(), identity.sequenceName(), object.key());
            }
        }
    }

    private void sequenceValue(String schema, String name, String ownerTable) {
        SequenceValue value = sequenceValues.get(schema + "." + name);
        if (value == null) {
            return;
        }
        add(TocEntry.builder(TocEntry.DATA, "sequence_value").key(DatabaseObject.keyOf(ObjectKind.SEQUENCE, schema, name))
                        .owner(ownerTable).schema(schema).name(name).sequenceValue(value.value(), value.called()),
                "SELECT pg_catalog.setval(" + CatalogReader.literal(q(name)) + ", " + value.value() + ", " + value.called()
                        + ");\n");
    }

    private void post(List<DatabaseObject> objects) {
        for (String kind : POST_BEFORE_REFRESH) {
            objects.forEach(object -> posts(object, kind));
        }
        objects.forEach(this::refresh);
        for (String kind : POST_AFTER_REFRESH) {
            objects.forEach(object -> posts(object, kind));
        }
    }

    private void refresh(DatabaseObject object) {
        if (object.kind() == ObjectKind.MATVIEW && object.table().populated()) {
            add(TocEntry.builder(TocEntry.POST, "matview_data").key(object.key()).owner(object.key())
                    .schema(object.schema()).name(object.name()), "REFRESH MATERIALIZED VIEW " + q(object.name()) + ";\n");
        }
    }

    private void posts(DatabaseObject object, String kind) {
        for (PostStatement post : object.posts()) {
            if (post.kind().equals(kind)) {
                postEntry(object, post);
            }
        }
    }

    private void postEntry(DatabaseObject owner, PostStatement post) {
        List<String> deps = post.dependencies().stream().filter(d -> !d.equals(post.references())).toList();
        add(TocEntry.builder(TocEntry.POST, post.kind()).owner(owner.key()).schema(owner.schema()).name(post.name())
                .references(post.references()).deps(new ArrayList<>(deps)), post.sql());
    }

    private void comments(DatabaseObject object) {
        for (String comment : object.comments()) {
            add(TocEntry.builder(TocEntry.POST, "comment").owner(object.key()).schema(object.schema()), comment);
        }
    }

    /** Comments on schemas, extensions and large objects. */
    private void databaseComments() {
        for (ObjectSnapshot.SchemaInfo schema : snapshot.schemas()) {
            if (schema.comment() != null) {
                add(TocEntry.builder(TocEntry.POST, "comment").owner(schemaKey(schema.name())),
                        "COMMENT ON SCHEMA " + q(schema.name()) + " IS " + CatalogReader.literal(schema.comment()) + ";\n");
            }
        }
        for (ObjectSnapshot.ExtensionInfo extension : snapshot.extensions()) {
            if (extension.comment() != null) {
                add(TocEntry.builder(TocEntry.POST, "comment").owner(extensionKey(extension.name())),
                        "COMMENT ON EXTENSION " + q(extension.name()) + " IS " + CatalogReader.literal(extension.comment())
                                + ";\n");
            }
        }
        for (ObjectSnapshot.LargeObject object : snapshot.largeObjects()) {
            if (object.comment() != null) {
                add(TocEntry.builder(TocEntry.POST, "comment").owner(largeObjectKey(object.oid())),
                        "COMMENT ON LARGE OBJECT " + object.oid() + " IS " + CatalogReader.literal(object.comment()) + ";\n");
            }
        }
    }

    /** Owners and grants of schemas and large objects, and default privileges (include_privileges only). */
    private void databasePrivileges() {
        for (ObjectSnapshot.SchemaInfo schema : snapshot.schemas()) {
            for (String statement : schema.privileges()) {
                add(TocEntry.builder(TocEntry.POST, statement.startsWith("ALTER") ? "owner" : "acl")
                        .owner(schemaKey(schema.name())).name(schema.name()), statement);
            }
        }
        for (ObjectSnapshot.LargeObject object : snapshot.largeObjects()) {
            for (String statement : object.privileges()) {
                add(TocEntry.builder(TocEntry.POST, statement.startsWith("ALTER") ? "owner" : "acl")
                        .owner(largeObjectKey(object.oid())).name(Long.toString(object.oid())), statement);
            }
        }
        for (String statement : snapshot.defaultPrivileges()) {
            add(TocEntry.builder(TocEntry.POST, "acl").name("default privileges"), statement);
        }
    }

    /** Adds an entry, preceded by a search_path switch when its schema differs from the last one. */
    private void add(TocEntry.Builder builder, String sql) {
        TocEntry toc = builder.build();
        if (toc.schema() != null) {
            switchSchema(toc.schema());
        }
        entries.add(PlannedEntry.of(toc.withId(entries.size() + 1), sql));
    }

    private void switchSchema(String schema) {
        if (schema.equals(currentSchema)) {
            return;
        }
        currentSchema = schema;
        TocEntry toc = TocEntry.builder(TocEntry.CONTROL, "search_path").schema(schema).build();
        entries.add(PlannedEntry.of(toc.withId(entries.size() + 1), "SET search_path = " + q(schema) + ";\n"));
    }

    static String schemaKey(String schema) {
        return "schema:" + q(schema);
    }

    static String extensionKey(String extension) {
        return "extension:" + q(extension);
    }

    static String largeObjectKey(long oid) {
        return "large_object:" + oid;
    }

    /**
     * Topological order over the dependencies inside the set (Kahn's algorithm, ties broken by kind,
     * schema and name so the output is stable). A dependency cycle, which PostgreSQL's own DDL cannot
     * create among these kinds, would be broken in tie-break order.
     */
    static List<DatabaseObject> ordered(Collection<DatabaseObject> objects) {
        Map<String, DatabaseObject> byKey = new LinkedHashMap<>();
        objects.forEach(o -> byKey.put(o.key(), o));
        Map<String, Integer> waiting = new HashMap<>();
        Map<String, List<DatabaseObject>> dependents = new HashMap<>();
        for (DatabaseObject object : byKey.values()) {
            int count = 0;
            for (String dependency : object.dependencies()) {
                if (byKey.containsKey(dependency) && !dependency.equals(object.key())) {
                    count++;
                    dependents.computeIfAbsent(dependency, k -> new ArrayList<>()).add(object);
                }
            }
            waiting.put(object.key(), count);
        }
        PriorityQueue<DatabaseObject> ready = new PriorityQueue<>(TIE_BREAK);
        byKey.values().stream().filter(o -> waiting.get(o.key()) == 0).forEach(ready::add);
        List<DatabaseObject> result = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (result.size() < byKey.size()) {
            if (ready.isEmpty()) {
                byKey.values().stream().filter(o -> !done.contains(o.key())).min(TIE_BREAK).ifPresent(ready::add);
            }
            DatabaseObject next = ready.poll();
            if (!done.add(next.key())) {
                continue;
            }
            result.add(next);
            for (DatabaseObject dependent : dependents.getOrDefault(next.key(), List.of())) {
                int left = waiting.merge(dependent.key(), -1, Integer::sum);
                if (left == 0 && !done.contains(dependent.key())) {
                    ready.add(dependent);
                }
            }
        }
        return result;
    }

    /**
     * Tables whose rows are copied (partitioned parents and foreign tables hold none), ordered so that
     * referenced tables come first: a data-only restore into tables with their foreign keys then loads
     * cleanly.
     */
    private List<DatabaseObject> dataTables(List<DatabaseObject> objects) {
        Map<String, DatabaseObject> tables = new LinkedHashMap<>();
        objects.stream().filter(o -> o.kind() == ObjectKind.TABLE && !o.table().partitioned())
                .sorted(Comparator.comparing(DatabaseObject::schema).thenComparing(DatabaseObject::name))
                .forEach(t -> tables.put(t.key(), t));
        Map<String, List<String>> lineages = new HashMap<>();
        tables.values().forEach(t -> lineages.put(t.key(), lineage(t)));
        List<DatabaseObject> withReferences = new ArrayList<>();
        for (DatabaseObject table : tables.values()) {
            DatabaseObject copy = new DatabaseObject(ObjectKind.TABLE, table.oid(), table.schema(), table.name(), null);
            // A partition has the foreign keys of the tables above it; a key to a partitioned table
            // points at rows in each of its partitions.
            for (String level : lineages.get(table.key())) {
                for (PostStatement post : snapshot.objects().get(level).posts()) {
                    if ("foreign_key".equals(post.kind()) && post.references() != null) {
                        lineages.forEach((key, lineage) -> {
                            if (lineage.contains(post.references())) {
                                copy.dependencies().add(key);
                            }
                        });
                    }
                }
            }
            withReferences.add(copy);
        }
        return ordered(withReferences).stream().map(c -> tables.get(c.key())).toList();
    }

    private static String q(String identifier) {
        return Identifiers.quote(identifier);
    }

    private static String qualified(DatabaseObject object) {
        return Identifiers.qualified(object.schema(), object.name());
    }
}
