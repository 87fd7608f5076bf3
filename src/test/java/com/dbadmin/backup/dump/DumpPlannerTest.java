package com.dbadmin.backup.dump;

import com.dbadmin.backup.format.PlannedEntry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The order of a dump, from a catalogue snapshot built by hand: objects after what they depend on, data
 * with referenced tables first, then keys, indexes, foreign keys, materialized views, triggers and
 * comments; table backups bring their partitions and owned sequences; incrementals reload only the
 * changed tables with their foreign keys and triggers handled around the load.
 */
class DumpPlannerTest {
    private static final String SHOP = "shop";

    private final ObjectSnapshot snapshot = new ObjectSnapshot();
    private final DatabaseObject status = object(ObjectKind.ENUM, "status", null);
    private final DatabaseObject total = object(ObjectKind.FUNCTION, "total", "total(integer)");
    private final DatabaseObject orderIds = object(ObjectKind.SEQUENCE, "orders_id_seq", null);
    private final DatabaseObject people = table("people");
    private final DatabaseObject orders = table("orders");
    private final DatabaseObject events = table("events");
    private final DatabaseObject events2024 = table("events_2024");
    private final DatabaseObject totals = object(ObjectKind.VIEW, "order_totals", null);
    private final DatabaseObject summary = object(ObjectKind.MATVIEW, "summary", null);

    DumpPlannerTest() {
        snapshot.schemas().add(new ObjectSnapshot.SchemaInfo("public", null, null, List.of()));
        snapshot.schemas().add(new ObjectSnapshot.SchemaInfo(SHOP, "the shop's tables", null, List.of()));
        snapshot.extensions().add(new ObjectSnapshot.ExtensionInfo("pgcrypto", "public", "1.3", null, List.of()));

        orderIds.owner(orders.key(), "id");
        orders.dependencies().add(status.key());
        orders.dependencies().add(orderIds.key());
        orders.table().copyColumns().addAll(List.of("id", "person_id", "status"));
        post(orders, "foreign_key", "orders_person_fk",
                "ALTER TABLE ONLY orders ADD CONSTRAINT orders_person_fk FOREIGN KEY (person_id) REFERENCES people;\n")
                .references(people.key());
        post(orders, "trigger", "orders_audit", "CREATE TRIGGER orders_audit ...;\n").trigger("O", false);
        post(orders, "trigger", "orders_off", "CREATE TRIGGER orders_off ...;\nALTER TABLE orders DISABLE TRIGGER orders_off;\n")
                .trigger("D", true);
        post(orders, "index", "orders_status_idx", "CREATE INDEX orders_status_idx ON orders (status) WHERE total(id) > 0;\n")
                .dependencies().add(total.key());
        post(orders, "constraint", "orders_pkey", "ALTER TABLE ONLY orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);\n");
        orders.comments().add("COMMENT ON TABLE orders IS 'what was sold';\n");

        people.table().copyColumns().addAll(List.of("id", "name"));
        people.table().identitySequences().add(new DumpedTable.IdentitySequence("people_id_seq", "id"));
        post(people, "constraint", "people_pkey", "ALTER TABLE ONLY people ADD CONSTRAINT people_pkey PRIMARY KEY (id);\n");

        events.table().partitioned(true);
        events2024.table().partitionParent(events.key());
        events2024.dependencies().add(events.key());
        events2024.table().copyColumns().add("at");

        totals.dependencies().addAll(List.of(orders.key(), total.key()));
        summary.dependencies().add(totals.key());
        summary.table(new DumpedTable());
    }

    private DatabaseObject object(ObjectKind kind, String name, String signature) {
        DatabaseObject object = new DatabaseObject(kind, 0, kind.databaseLevel() ? null : SHOP, name, signature);
        object.ddl("CREATE " + kind.sqlName() + " " + name + ";\n");
        snapshot.objects().put(object.key(), object);
        return object;
    }

    private DatabaseObject table(String name) {
        DatabaseObject table = object(ObjectKind.TABLE, name, null);
        table.table(new DumpedTable());
        return table;
    }

    /** A partition of {@code parent} (rows copied, when not itself partitioned). */
    private DatabaseObject partition(String name, DatabaseObject parent) {
        DatabaseObject partition = table(name);
        partition.table().partitionParent(parent.key());
        partition.dependencies().add(parent.key());
        partition.table().copyColumns().add("id");
        return partition;
    }

    /** The planner reads neither the catalog nor the oid of a post statement (they serve exclusion). */
    private static PostStatement post(DatabaseObject owner, String kind, String name, String sql) {
        PostStatement post = new PostStatement(kind, name, sql, null, 0);
        owner.posts().add(post);
        return post;
    }

    private DumpPlanner planner() {
        return new DumpPlanner(snapshot, Map.of(
                "shop.orders_id_seq", new DumpPlanner.SequenceValue(SHOP, "orders_id_seq", 41, true),
                "shop.people_id_seq", new DumpPlanner.SequenceValue(SHOP, "people_id_seq", 1, false)));
    }

    /** Each entry as "section kind what", what being its key, else its owner and name. */
    private static List<String> outline(List<PlannedEntry> entries) {
        return entries.stream().map(PlannedEntry::toc).map(toc -> toc.section() + " " + toc.kind()
                + (toc.key() != null ? " " + toc.key() : toc.owner() != null ? " " + toc.owner() : "")
                + (toc.key() == null && toc.name() != null ? " " + toc.name() : "")
                + (toc.kind().equals("search_path") ? " " + toc.schema() : "")).toList();
    }

    private static PlannedEntry entry(List<PlannedEntry> entries, String kind, String key) {
        return entries.stream().filter(e -> e.toc().kind().equals(kind) && key.equals(e.toc().key())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + key));
    }

    private static PlannedEntry named(List<PlannedEntry> entries, String kind, String name) {
        return entries.stream().filter(e -> e.toc().kind().equals(kind) && name.equals(e.toc().name())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    @Test
    void aFullDumpCreatesEverythingInDependencyOrderThenDataThenWhatFollowsTheData() {
        List<PlannedEntry> entries = planner().full(true, true);
        assertEquals(List.of(
                "control session",
                "control transaction",
                "pre schema schema:\"shop\"",
                "pre extension extension:\"pgcrypto\"",
                "control search_path shop",
                "pre type type:\"shop\".\"status\"",
                "pre sequence sequence:\"shop\".\"orders_id_seq\"",
                "pre function function:\"shop\".total(integer)",
                "pre table table:\"shop\".\"events\"",
                "pre table table:\"shop\".\"events_2024\"",
                "pre table table:\"shop\".\"orders\"",
                "pre table table:\"shop\".\"people\"",
                "pre view view:\"shop\".\"order_totals\"",
                "pre matview matview:\"shop\".\"summary\"",
                "pre sequence_owner sequence:\"shop\".\"orders_id_seq\"",
                // Referenced tables first (people before orders), partitions instead of their parent.
                "data table_data table:\"shop\".\"events_2024\"",
                "data table_data table:\"shop\".\"people\"",
                "data table_data table:\"shop\".\"orders\"",
                "data sequence_value sequence:\"shop\".\"orders_id_seq\"",
                "data sequence_value sequence:\"shop\".\"people_id_seq\"",
                "post constraint table:\"shop\".\"orders\" orders_pkey",
                "post constraint table:\"shop\".\"people\" people_pkey",
                "post index table:\"shop\".\"orders\" orders_status_idx",
                "post foreign_key table:\"shop\".\"orders\" orders_person_fk",
                "post matview_data matview:\"shop\".\"summary\"",
                "post trigger table:\"shop\".\"orders\" orders_audit",
                "post trigger table:\"shop\".\"orders\" orders_off",
                "post comment schema:\"shop\"",
                "post comment table:\"shop\".\"orders\"",
                "control transaction"), outline(entries));
        assertEquals(IntStream.rangeClosed(1, entries.size()).boxed().toList(),
                entries.stream().map(e -> e.toc().id()).toList(), "ids number the entries in order");
        assertEquals("BEGIN;\n", entries.get(1).sql());
        assertEquals("COMMIT;\n", entries.get(entries.size() - 1).sql());
    }

    @Test
    void entriesCarryTheSqlThatRecreatesAndReloads() {
        List<PlannedEntry> entries = planner().full(true, true);
        assertEquals("CREATE SCHEMA IF NOT EXISTS \"shop\";\n", entry(entries, "schema", "schema:\"shop\"").sql());
        assertEquals("CREATE EXTENSION IF NOT EXISTS \"pgcrypto\" WITH SCHEMA \"public\" VERSION '1.3';\n",
                entry(entries, "extension", "extension:\"pgcrypto\"").sql());
        assertEquals("SET search_path = \"shop\";\n", entries.get(4).sql());
        assertEquals("CREATE TABLE orders;\n", entry(entries, "table", orders.key()).sql());
        assertEquals(List.of(orderIds.key(), status.key()), entry(entries, "table", orders.key()).toc().deps(),
                "the table of contents keeps what each object needs, for partial restores");
        assertEquals(events.key(), entry(entries, "table", events2024.key()).toc().owner(), "a partition names its parent");
        assertEquals("ALTER SEQUENCE \"orders_id_seq\" OWNED BY \"orders\".\"id\";\n",
                entry(entries, "sequence_owner", orderIds.key()).sql());

        PlannedEntry data = entry(entries, "table_data", orders.key());
        assertEquals("COPY \"orders\" (\"id\", \"person_id\", \"status\") FROM stdin;\n", data.sql());
        assertEquals("COPY \"shop\".\"orders\" (\"id\", \"person_id\", \"status\") TO STDOUT", data.source());
        assertEquals(List.of("id", "person_id", "status"), data.toc().columns());
        assertEquals(SHOP, data.toc().schema());
        assertEquals("orders", data.toc().name());

        PlannedEntry sequence = entry(entries, "sequence_value", orderIds.key());
        assertEquals("SELECT pg_catalog.setval('\"orders_id_seq\"', 41, true);\n", sequence.sql());
        assertEquals(41L, sequence.toc().value());
        assertEquals(orders.key(), sequence.toc().owner());
        assertEquals("SELECT pg_catalog.setval('\"people_id_seq\"', 1, false);\n",
                entry(entries, "sequence_value", "sequence:\"shop\".\"people_id_seq\"").sql(), "identity sequences too");

        // A subset restore brings what a post statement calls (the index's function), but a foreign key's
        // target is only named as references: without that table the key is skipped, the table not pulled in.
        PlannedEntry index = named(entries, "index", "orders_status_idx");
        assertEquals(List.of(total.key()), index.toc().deps());
        assertEquals(orders.key(), index.toc().owner());
        PlannedEntry foreignKey = named(entries, "foreign_key", "orders_person_fk");
        assertEquals(people.key(), foreignKey.toc().references());
        assertNull(foreignKey.toc().deps(), "the referenced table is not also a dependency");

        assertEquals("COMMENT ON SCHEMA \"shop\" IS 'the shop''s tables';\n", entries.stream()
                .filter(e -> e.toc().kind().equals("comment")).findFirst().orElseThrow().sql());
        assertEquals("REFRESH MATERIALIZED VIEW \"summary\";\n", entry(entries, "matview_data", summary.key()).sql());
    }

    @Test
    void anUnpopulatedMaterializedViewIsNotRefreshed() {
        summary.table().populated(false);
        List<String> outline = outline(planner().full(true, true));
        assertTrue(outline.contains("pre matview matview:\"shop\".\"summary\""), outline.toString());
        assertFalse(outline.stream().anyMatch(line -> line.contains("matview_data")), outline.toString());
    }

    @Test
    void schemaOnlyAndDataOnly() {
        List<String> schemaOnly = outline(planner().full(true, false));
        assertTrue(schemaOnly.stream().noneMatch(line -> line.startsWith("data ")), schemaOnly.toString());
        assertTrue(schemaOnly.contains("post foreign_key table:\"shop\".\"orders\" orders_person_fk"));

        assertEquals(List.of(
                "control session",
                "control transaction",
                "control search_path shop",
                "data table_data table:\"shop\".\"events_2024\"",
                "data table_data table:\"shop\".\"people\"",
                "data table_data table:\"shop\".\"orders\"",
                "data sequence_value sequence:\"shop\".\"orders_id_seq\"",
                "data sequence_value sequence:\"shop\".\"people_id_seq\"",
                "control transaction"), outline(planner().full(false, true)));
    }

    /**
     * After triggers: rules and policies, then publications with their tables (which must exist), then
     * comments, and owners and grants last: once a table belongs to another role, a restoring role that
     * is not a superuser could no longer add its keys, triggers or comments.
     */
    @Test
    void rulesPoliciesPublicationsCommentsAndPrivilegesFollowTheTriggers() {
        post(orders, "policy", "orders_mine", "CREATE POLICY orders_mine ON orders USING (true);\n");
        post(orders, "rule", "orders_archive", "CREATE RULE orders_archive AS ON DELETE TO orders DO INSTEAD NOTHING;\n");
        post(orders, "owner", "orders", "ALTER TABLE orders OWNER TO shop_owner;\n");
        post(orders, "acl", "orders", "GRANT SELECT ON TABLE orders TO reader;\n");
        DatabaseObject publication = object(ObjectKind.PUBLICATION, "shop_changes", null);
        post(publication, "publication_member", "shop.orders",
                "ALTER PUBLICATION shop_changes ADD TABLE ONLY shop.orders;\n").references(orders.key());
        snapshot.schemas().set(1, new ObjectSnapshot.SchemaInfo(SHOP, "the shop's tables", "shop_owner",
                List.of("ALTER SCHEMA \"shop\" OWNER TO shop_owner;\n", "GRANT USAGE ON SCHEMA \"shop\" TO reader;\n")));
        snapshot.defaultPrivileges().add("ALTER DEFAULT PRIVILEGES IN SCHEMA shop GRANT SELECT ON TABLES TO reader;\n");

        List<String> outline = outline(planner().full(true, true));
        assertEquals(List.of(
                "post trigger table:\"shop\".\"orders\" orders_audit",
                "post trigger table:\"shop\".\"orders\" orders_off",
                "post rule table:\"shop\".\"orders\" orders_archive",
                "post policy table:\"shop\".\"orders\" orders_mine",
                "post publication publication:\"shop_changes\"",
                "post publication_member publication:\"shop_changes\" shop.orders",
                "post comment schema:\"shop\"",
                "post comment table:\"shop\".\"orders\"",
                "post owner schema:\"shop\" shop",
                "post acl schema:\"shop\" shop",
                "post acl default privileges",
                "post owner table:\"shop\".\"orders\" orders",
                "post acl table:\"shop\".\"orders\" orders",
                "control transaction"),
                outline.subList(outline.indexOf("post trigger table:\"shop\".\"orders\" orders_audit"), outline.size()));
        assertFalse(outline.contains("pre publication publication:\"shop_changes\""), "a publication is not created before the data");
    }

    /**
     * An event trigger may refuse DDL (COMMENT, GRANT, ALTER … OWNER, ALTER DEFAULT PRIVILEGES) once it
     * exists, so it is created after every comment, label and privilege, with its own comment and owner
     * (commands on event triggers fire none).
     */
    @Test
    void eventTriggersComeLastAfterCommentsAndPrivileges() {
        post(orders, "owner", "orders", "ALTER TABLE orders OWNER TO shop_owner;\n");
        post(orders, "acl", "orders", "GRANT SELECT ON TABLE orders TO reader;\n");
        snapshot.defaultPrivileges().add("ALTER DEFAULT PRIVILEGES IN SCHEMA shop GRANT SELECT ON TABLES TO reader;\n");
        DatabaseObject guard = object(ObjectKind.EVENT_TRIGGER, "no_ddl", null);
        guard.comments().add("COMMENT ON EVENT TRIGGER no_ddl IS 'refuses DDL';\n");
        post(guard, "owner", "no_ddl", "ALTER EVENT TRIGGER no_ddl OWNER TO admin;\n");
        DatabaseObject publication = object(ObjectKind.PUBLICATION, "shop_changes", null);

        List<String> outline = outline(planner().full(true, true));
        assertEquals(List.of(
                "post publication publication:\"shop_changes\"",
                "post comment schema:\"shop\"",
                "post comment table:\"shop\".\"orders\"",
                "post acl default privileges",
                "post owner table:\"shop\".\"orders\" orders",
                "post acl table:\"shop\".\"orders\" orders",
                "post event_trigger event_trigger:\"no_ddl\"",
                "post comment event_trigger:\"no_ddl\"",
                "post owner event_trigger:\"no_ddl\" no_ddl",
                "control transaction"),
                outline.subList(outline.indexOf("post publication " + publication.key()), outline.size()));
    }

    @Test
    void aTableBackupBringsItsOwnedSequencesAndPartitionsOnly() {
        assertEquals(List.of(
                "control session",
                "control transaction",
                "control search_path shop",
                "pre sequence sequence:\"shop\".\"orders_id_seq\"",
                "pre table table:\"shop\".\"orders\"",
                "pre sequence_owner sequence:\"shop\".\"orders_id_seq\"",
                "data table_data table:\"shop\".\"orders\"",
                "data sequence_value sequence:\"shop\".\"orders_id_seq\"",
                "post constraint table:\"shop\".\"orders\" orders_pkey",
                "post index table:\"shop\".\"orders\" orders_status_idx",
                "post foreign_key table:\"shop\".\"orders\" orders_person_fk",
                "post trigger table:\"shop\".\"orders\" orders_audit",
                "post trigger table:\"shop\".\"orders\" orders_off",
                "post comment table:\"shop\".\"orders\"",
                "control transaction"), outline(planner().table(orders, true, true)));

        assertEquals(List.of(
                "control session",
                "control transaction",
                "control search_path shop",
                "pre table table:\"shop\".\"events\"",
                "pre table table:\"shop\".\"events_2024\"",
                "data table_data table:\"shop\".\"events_2024\"",
                "control transaction"), outline(planner().table(events, true, true)));
    }

    @Test
    void anIncrementalReloadsTheChangedTablesWithKeysAndTriggersHandledAroundTheLoad() {
        List<PlannedEntry> entries = planner().incremental(List.of(people.key()));
        assertEquals(List.of(
                "control session",
                "control transaction",
                // The key from orders to the reloaded table is dropped first (TRUNCATE refuses a referenced
                // table) and re-added after the load, which re-validates it.
                "increment foreign_key_drop table:\"shop\".\"orders\" orders_person_fk",
                "increment truncate",
                "control search_path shop",
                "data table_data table:\"shop\".\"people\"",
                "post foreign_key table:\"shop\".\"orders\" orders_person_fk",
                "data sequence_value sequence:\"shop\".\"orders_id_seq\"",
                "data sequence_value sequence:\"shop\".\"people_id_seq\"",
                "post matview_data matview:\"shop\".\"summary\"",
                "control transaction"), outline(entries));
        assertEquals("ALTER TABLE \"shop\".\"orders\" DROP CONSTRAINT IF EXISTS \"orders_person_fk\";\n", entries.get(2).sql());
        assertEquals("TRUNCATE ONLY \"shop\".\"people\";\n", entries.get(3).sql());

        List<PlannedEntry> withTriggers = planner().incremental(List.of(orders.key()));
        List<String> outline = outline(withTriggers);
        // Only the enabled trigger is switched off while rows load; the disabled one stays as it was.
        int disable = outline.indexOf("increment trigger_disable table:\"shop\".\"orders\" orders_audit");
        int load = outline.indexOf("data table_data table:\"shop\".\"orders\"");
        int enable = outline.indexOf("increment trigger_enable table:\"shop\".\"orders\" orders_audit");
        assertTrue(disable >= 0 && disable < load && load < enable, outline.toString());
        assertFalse(outline.stream().anyMatch(line -> line.contains("orders_off")), outline.toString());
        assertEquals("ALTER TABLE \"shop\".\"orders\" DISABLE TRIGGER \"orders_audit\";\n", withTriggers.get(disable).sql());
        assertEquals("ALTER TABLE \"shop\".\"orders\" ENABLE TRIGGER \"orders_audit\";\n", withTriggers.get(enable).sql());
        // The changed table's own key is also dropped before and re-added after (checked once, on all rows).
        int dropKey = outline.indexOf("increment foreign_key_drop table:\"shop\".\"orders\" orders_person_fk");
        int addKey = outline.indexOf("post foreign_key table:\"shop\".\"orders\" orders_person_fk");
        assertTrue(dropKey >= 0 && dropKey < load && load < addKey, outline.toString());
        assertFalse(outline.contains("data table_data table:\"shop\".\"people\""), "unchanged tables are not reloaded");
        assertFalse(outline.stream().anyMatch(line -> line.startsWith("pre ")), "an incremental creates nothing");

        assertEquals(List.of(
                "control session",
                "control transaction",
                "increment truncate",
                "control search_path shop",
                "data table_data table:\"shop\".\"events_2024\"",
                "data sequence_value sequence:\"shop\".\"orders_id_seq\"",
                "data sequence_value sequence:\"shop\".\"people_id_seq\"",
                "post matview_data matview:\"shop\".\"summary\"",
                "control transaction"), outline(planner().incremental(List.of(events2024.key()))),
                "a changed partition is emptied and reloaded on its own; nothing references it");
    }

    /**
     * people partitioned on two levels: the key from orders to people holds for every partition, so an
     * incremental reloading people_low_a drops it first (TRUNCATE refuses a table a key points at, even
     * through its parents), and a data-only restore loads every partition of people before orders.
     */
    @Test
    void aForeignKeyToAPartitionedTableTouchesEachOfItsPartitions() {
        people.table().partitioned(true);
        DatabaseObject low = partition("people_low", people);
        low.table().partitioned(true);
        DatabaseObject lowA = partition("people_low_a", low);
        DatabaseObject high = partition("people_high", people);

        List<PlannedEntry> entries = planner().incremental(List.of(lowA.key()));
        assertEquals(List.of(
                "control session",
                "control transaction",
                "increment foreign_key_drop table:\"shop\".\"orders\" orders_person_fk",
                "increment truncate",
                "control search_path shop",
                "data table_data table:\"shop\".\"people_low_a\"",
                "post foreign_key table:\"shop\".\"orders\" orders_person_fk",
                "data sequence_value sequence:\"shop\".\"orders_id_seq\"",
                "data sequence_value sequence:\"shop\".\"people_id_seq\"",
                "post matview_data matview:\"shop\".\"summary\"",
                "control transaction"), outline(entries));
        assertEquals("TRUNCATE ONLY \"shop\".\"people_low_a\";\n", entries.stream()
                .filter(e -> e.toc().kind().equals("truncate")).findFirst().orElseThrow().sql());

        List<String> dataOnly = outline(planner().full(false, true));
        int orderRows = dataOnly.indexOf("data table_data " + orders.key());
        assertTrue(dataOnly.indexOf("data table_data " + lowA.key()) < orderRows
                && dataOnly.indexOf("data table_data " + high.key()) < orderRows, dataOnly.toString());
    }

    /**
     * PostgreSQL clones a partitioned table's row triggers onto every partition, where they fire on
     * COPY: an incremental reloading a partition switches off the enabled ones inherited from each level
     * above it, and gives each its state back (ALWAYS stays ALWAYS). Statement triggers of a parent are
     * not cloned (the partition has no trigger of that name), disabled ones stay as they are.
     */
    @Test
    void anIncrementalSwitchesOffTheRowTriggersAPartitionInherits() {
        DatabaseObject events2024q1 = partition("events_2024_q1", events2024);
        events2024.table().partitioned(true);
        post(events, "trigger", "events_note", "CREATE TRIGGER events_note ...;\n").trigger("O", true);
        post(events, "trigger", "events_mirror", "CREATE TRIGGER events_mirror ...;\n").trigger("A", true);
        post(events, "trigger", "events_batch", "CREATE TRIGGER events_batch ...;\n").trigger("O", false);
        post(events, "trigger", "events_off", "CREATE TRIGGER events_off ...;\n").trigger("D", true);
        post(events, "trigger", "events_replica", "CREATE TRIGGER events_replica ...;\n").trigger("R", true);
        post(events2024, "trigger", "events_2024_check", "CREATE TRIGGER events_2024_check ...;\n").trigger("O", true);

        List<PlannedEntry> entries = planner().incremental(List.of(events2024q1.key()));
        assertEquals(List.of(
                "control session",
                "control transaction",
                "increment trigger_disable table:\"shop\".\"events_2024_q1\" events_2024_check",
                "increment trigger_disable table:\"shop\".\"events_2024_q1\" events_note",
                "increment trigger_disable table:\"shop\".\"events_2024_q1\" events_mirror",
                "increment truncate",
                "control search_path shop",
                "data table_data table:\"shop\".\"events_2024_q1\"",
                "increment trigger_enable table:\"shop\".\"events_2024_q1\" events_2024_check",
                "increment trigger_enable table:\"shop\".\"events_2024_q1\" events_note",
                "increment trigger_enable table:\"shop\".\"events_2024_q1\" events_mirror",
                "data sequence_value sequence:\"shop\".\"orders_id_seq\"",
                "data sequence_value sequence:\"shop\".\"people_id_seq\"",
                "post matview_data matview:\"shop\".\"summary\"",
                "control transaction"), outline(entries));
        assertEquals("ALTER TABLE \"shop\".\"events_2024_q1\" DISABLE TRIGGER \"events_note\";\n",
                named(entries, "trigger_disable", "events_note").sql(), "the clone on the partition, by the parent's name");
        assertEquals("ALTER TABLE \"shop\".\"events_2024_q1\" ENABLE TRIGGER \"events_note\";\n",
                named(entries, "trigger_enable", "events_note").sql());
        assertEquals("ALTER TABLE \"shop\".\"events_2024_q1\" ENABLE ALWAYS TRIGGER \"events_mirror\";\n",
                named(entries, "trigger_enable", "events_mirror").sql());
    }

    /**
     * An incremental's own DDL (keys, triggers, refreshes) would fire the database's event triggers,
     * which may refuse it: the enabled ones are off from the start and back in their state at the end.
     */
    @Test
    void anIncrementalSwitchesTheEnabledEventTriggersOffWhileItRuns() {
        object(ObjectKind.EVENT_TRIGGER, "guard", null).enabledState("O");
        object(ObjectKind.EVENT_TRIGGER, "mirror", null).enabledState("A");
        object(ObjectKind.EVENT_TRIGGER, "off", null).enabledState("D");
        object(ObjectKind.EVENT_TRIGGER, "replica", null).enabledState("R");

        List<PlannedEntry> entries = planner().incremental(List.of(people.key()));
        assertEquals(List.of(
                "control session",
                "control transaction",
                "increment event_trigger_disable event_trigger:\"guard\" guard",
                "increment event_trigger_disable event_trigger:\"mirror\" mirror",
                "increment foreign_key_drop table:\"shop\".\"orders\" orders_person_fk",
                "increment truncate",
                "control search_path shop",
                "data table_data table:\"shop\".\"people\"",
                "post foreign_key table:\"shop\".\"orders\" orders_person_fk",
                "data sequence_value sequence:\"shop\".\"orders_id_seq\"",
                "data sequence_value sequence:\"shop\".\"people_id_seq\"",
                "post matview_data matview:\"shop\".\"summary\"",
                "increment event_trigger_enable event_trigger:\"guard\" guard",
                "increment event_trigger_enable event_trigger:\"mirror\" mirror",
                "control transaction"), outline(entries));
        assertEquals("ALTER EVENT TRIGGER \"guard\" DISABLE;\n", named(entries, "event_trigger_disable", "guard").sql());
        assertEquals("ALTER EVENT TRIGGER \"guard\" ENABLE;\n", named(entries, "event_trigger_enable", "guard").sql());
        assertEquals("ALTER EVENT TRIGGER \"mirror\" ENABLE ALWAYS;\n", named(entries, "event_trigger_enable", "mirror").sql());
    }

    @Test
    void orderingIsByDependencyThenKindSchemaAndNameAndSurvivesACycle() {
        DatabaseObject a = new DatabaseObject(ObjectKind.VIEW, 0, "s", "a", null);
        DatabaseObject b = new DatabaseObject(ObjectKind.VIEW, 0, "s", "b", null);
        DatabaseObject t = new DatabaseObject(ObjectKind.TABLE, 0, "s", "t", null);
        DatabaseObject e = new DatabaseObject(ObjectKind.ENUM, 0, "z", "e", null);
        a.dependencies().add(b.key());
        b.dependencies().add(t.key());
        assertEquals(List.of(e, t, b, a), DumpPlanner.ordered(List.of(a, b, t, e)));

        t.dependencies().add(a.key()); // a -> b -> t -> a
        List<DatabaseObject> ordered = DumpPlanner.ordered(List.of(a, b, t, e));
        assertEquals(4, ordered.size(), "every object once, even in a cycle");
        assertEquals(List.of(e, t, b, a), ordered, "the cycle is broken in tie-break order (kind, then name)");
    }
}
