package com.dbadmin.backup.restore;

import com.dbadmin.backup.format.Manifest;
import com.dbadmin.backup.format.TocEntry;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;
import com.dbadmin.guard.Policies;
import com.dbadmin.guard.TablePolicy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a restore will touch, decided from a backup's table of contents before anything runs: the
 * tables loaded, the objects created (a subset brings what its tables need), which file of a chain
 * holds each table's rows, where schemas go, and the policy refusals.
 */
class RestorePlanTest {
    private static final String STATUS = "type:\"shop\".\"status\"";
    private static final String TOTAL = "function:\"shop\".total(integer)";
    private static final String ORDER_IDS = "sequence:\"shop\".\"orders_id_seq\"";
    private static final String ORDERS = table("shop", "orders");
    private static final String PEOPLE = table("shop", "people");
    private static final String EVENTS = table("shop", "events");
    private static final String EVENTS_2024 = table("shop", "events_2024");
    private static final String ARCHIVED_ORDERS = table("archive", "orders");
    private static final String TOTALS = "view:\"shop\".\"order_totals\"";

    private static String table(String schema, String name) {
        return "table:\"" + schema + "\".\"" + name + "\"";
    }

    private static TocEntry object(String kind, String key, String schema, String name, String owner, String... deps) {
        return TocEntry.builder(TocEntry.PRE, kind).key(key).schema(schema).name(name).owner(owner)
                .deps(List.of(deps)).build();
    }

    private static TocEntry data(String key, String schema, String name) {
        return TocEntry.builder(TocEntry.DATA, "table_data").key(key).owner(key).schema(schema).name(name)
                .columns(List.of("id")).build();
    }

    /** A full backup's table of contents, as the dump planner writes it. */
    private static List<TocEntry> fullBackup() {
        return List.of(
                TocEntry.builder(TocEntry.CONTROL, "session").build(),
                object("type", STATUS, "shop", "status", null),
                object("function", TOTAL, "shop", "total", null),
                object("sequence", ORDER_IDS, "shop", "orders_id_seq", ORDERS),
                object("table", EVENTS, "shop", "events", null),
                object("table", EVENTS_2024, "shop", "events_2024", EVENTS, EVENTS),
                object("table", ORDERS, "shop", "orders", null, STATUS, ORDER_IDS),
                object("table", PEOPLE, "shop", "people", null),
                object("table", ARCHIVED_ORDERS, "archive", "orders", null),
                object("view", TOTALS, "shop", "order_totals", null, ORDERS, TOTAL),
                data(EVENTS_2024, "shop", "events_2024"),
                data(PEOPLE, "shop", "people"),
                data(ORDERS, "shop", "orders"),
                data(ARCHIVED_ORDERS, "archive", "orders"),
                TocEntry.builder(TocEntry.POST, "foreign_key").owner(ORDERS).references(PEOPLE).build());
    }

    private static TablePolicy policy(String restricted, String readOnly) {
        return Policies.of(List.of(restricted.split(",")), List.of(readOnly.split(",")));
    }

    private static RestoreOptions options(String targetSchema, String... tables) {
        return new RestoreOptions(false, ConflictMode.ERROR, false, List.of(tables), targetSchema);
    }

    private static RestorePlan plan(List<TocEntry> toc, RestoreOptions options, TablePolicy policy) {
        return RestorePlan.build(toc, List.of(), options, policy);
    }

    private static RestorePlan plan(String... tables) {
        return plan(fullBackup(), options(null, tables), policy("", ""));
    }

    private static List<String> included(RestorePlan plan) {
        return plan.objects().keySet().stream().filter(plan::includes).toList();
    }

    private static ToolException refused(ErrorCode code, Runnable build) {
        ToolException error = assertThrows(ToolException.class, build::run);
        assertEquals(code, error.code(), error.getMessage());
        return error;
    }

    @Test
    void everythingRestoresEveryObjectAndEveryTablesRows() {
        RestorePlan plan = plan();
        assertTrue(plan.everything());
        assertTrue(plan.hasSchema());
        assertEquals(List.of(STATUS, TOTAL, ORDER_IDS, EVENTS, EVENTS_2024, ORDERS, PEOPLE, ARCHIVED_ORDERS, TOTALS), included(plan));
        assertEquals(Set.of(EVENTS_2024, ORDERS, PEOPLE, ARCHIVED_ORDERS), plan.dataTables(), "partitioned parents hold no rows");
        assertEquals(Set.of("shop", "archive"), plan.includedSchemas());
        assertEquals("shop", plan.map("shop"), "schemas stay where they were");
        assertEquals("orders", plan.dataEntry(ORDERS).name());
    }

    @Test
    void aSubsetBringsTheTypesAndSequencesItsTablesNeedAndNothingElse() {
        RestorePlan plan = plan("shop.orders");
        assertFalse(plan.everything());
        assertEquals(List.of(STATUS, ORDER_IDS, ORDERS), included(plan), "not the view, the function or the other tables");
        assertEquals(Set.of(ORDERS), plan.dataTables());
        assertEquals(Set.of("shop"), plan.includedSchemas());
    }

    @Test
    void aPartitionedTableComesWithItsPartitions() {
        RestorePlan plan = plan("shop.events");
        assertEquals(List.of(EVENTS, EVENTS_2024), included(plan));
        assertEquals(Set.of(EVENTS_2024), plan.dataTables());
    }

    @Test
    void requestedNamesResolveExactlyThenByNameThenIgnoringCase() {
        assertEquals(Set.of(ARCHIVED_ORDERS), plan("archive.orders").dataTables());
        assertEquals(Set.of(PEOPLE), plan("people").dataTables());
        assertEquals(Set.of(PEOPLE), plan("SHOP.People").dataTables());
        assertEquals(Set.of(PEOPLE, EVENTS_2024), plan(" people ", "events").dataTables());
        assertTrue(refused(ErrorCode.DB_400_VALIDATION, () -> plan("orders")
                .dataTables()).getMessage().contains("'orders' matches several tables in the backup; write it as schema.table"));
        assertTrue(refused(ErrorCode.DB_404_NOT_FOUND, () -> plan("nope")).getMessage()
                .contains("Table 'nope' is not in this backup"));
    }

    @Test
    void aRestrictedTableInTheBackupRefusesTheWholeRestoreUnlessLeftOut() {
        TablePolicy policy = policy("people", "");
        ToolException everything = refused(ErrorCode.DB_403_ACCESS_DENIED, () -> plan(fullBackup(), options(null), policy));
        assertTrue(everything.getMessage().contains("The backup contains a table the server policy does not allow;"
                + " pass 'tables' to restore the others."), everything.getMessage());
        assertFalse(everything.getMessage().toLowerCase(java.util.Locale.ROOT).contains("people"),
                "a hidden table is never named: " + everything.getMessage());
        // Asked for by name, a hidden table answers like one that does not exist, in any spelling.
        for (String name : List.of("shop.people", "PEOPLE")) {
            ToolException named = refused(ErrorCode.DB_404_NOT_FOUND, () -> plan(fullBackup(), options(null, name), policy));
            assertTrue(named.getMessage().contains("was not found"), named.getMessage());
        }
        assertEquals(Set.of(ORDERS), plan(fullBackup(), options(null, "shop.orders"), policy).dataTables());
    }

    @Test
    void aReadOnlyTableIsNeverOverwritten() {
        TablePolicy policy = policy("", "shop.people");
        assertTrue(refused(ErrorCode.DB_403_ACCESS_DENIED, () -> plan(fullBackup(), options(null), policy))
                .getMessage().contains("read-only by server policy (shop.people)"));
        assertTrue(refused(ErrorCode.DB_403_ACCESS_DENIED, () -> plan(fullBackup(), options(null, "people"), policy))
                .getMessage().contains("Table 'shop.people' is read-only by server policy."));
        // Not into another schema either, nor onto a read-only table there; the other tables restore.
        assertTrue(refused(ErrorCode.DB_403_ACCESS_DENIED, () -> plan(fullBackup(), options("inspect", "people"), policy))
                .getMessage().contains("Table 'inspect.people' is read-only by server policy."));
        refused(ErrorCode.DB_403_ACCESS_DENIED, () -> plan(fullBackup(), options("inspect", "shop.orders"),
                policy("", "inspect.orders")));
        assertEquals(Set.of(ORDERS), plan(fullBackup(), options(null, "shop.orders"), policy).dataTables());
    }

    @Test
    void aTargetSchemaTakesEveryObjectAndIsCheckedAgainstPolicy() {
        RestorePlan plan = plan(fullBackup(), options(" inspect ", "shop.orders"), policy("", ""));
        assertEquals("inspect", plan.targetSchema());
        assertEquals("inspect", plan.map("shop"));
        assertNull(plan.map(null));
        refused(ErrorCode.DB_404_NOT_FOUND, () -> plan(fullBackup(), options("inspect", "shop.orders"),
                policy("inspect.orders", "")));
        assertTrue(refused(ErrorCode.DB_403_ACCESS_DENIED, () -> plan(fullBackup(), options("DBADMIN", "shop.orders"),
                policy("", ""))).getMessage().contains("Restoring into the server's own schema"));
        for (String bad : List.of("pg_catalog", "information_schema", "x".repeat(64), "tab\there")) {
            refused(ErrorCode.DB_400_VALIDATION, () -> plan(fullBackup(), options(bad, "shop.orders"),
                    policy("", "")));
        }
        assertNull(plan(fullBackup(), options("  ", "shop.orders"), policy("", "")).targetSchema(), "blank is no target");
    }

    @Test
    void twoSchemasCannotBeRestoredOntoOneName() {
        ToolException error = refused(ErrorCode.DB_400_VALIDATION, () -> plan(fullBackup(), options("inspect"), policy("", "")));
        assertTrue(error.getMessage().contains("would put both archive.orders and shop.orders under one name")
                || error.getMessage().contains("would put both shop.orders and archive.orders under one name"), error.getMessage());
        assertEquals(Set.of(ORDERS, PEOPLE), plan(fullBackup(), options("inspect", "shop.orders", "people"), policy("", ""))
                .dataTables());
    }

    @Test
    void aDataOnlyBackupRestoresItsTablesRows() {
        List<TocEntry> dataOnly = fullBackup().stream().filter(e -> !TocEntry.PRE.equals(e.section())).toList();
        RestorePlan plan = plan(dataOnly, options(null), policy("", ""));
        assertFalse(plan.hasSchema());
        assertEquals(List.of(), included(plan));
        assertEquals(Set.of(EVENTS_2024, ORDERS, PEOPLE, ARCHIVED_ORDERS), plan.dataTables());
        assertEquals(Set.of(PEOPLE), plan(dataOnly, options(null, "people"), policy("", "")).dataTables());
    }

    private static Manifest manifest(String id, String tablesJson) throws IOException {
        return Manifest.parse(("{\"formatVersion\":1,\"id\":\"" + id + "\",\"type\":\"incremental\",\"tables\":"
                + tablesJson + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachTableLoadsFromTheLastFileOfTheChainThatCarriesIt() throws IOException {
        List<Manifest> chain = new ArrayList<>();
        chain.add(manifest("full", "[{\"name\":\"shop.orders\",\"rows\":3,\"sha256\":\"a\"},"
                + "{\"name\":\"shop.people\",\"rows\":2,\"sha256\":\"b\"}]"));
        chain.add(manifest("incr-1", "[{\"name\":\"shop.orders\",\"rows\":4,\"sha256\":\"c\",\"included\":true},"
                + "{\"name\":\"shop.people\",\"rows\":2,\"sha256\":\"b\",\"included\":false}]"));
        chain.add(manifest("incr-2", "[{\"name\":\"shop.orders\",\"rows\":4,\"sha256\":\"c\",\"included\":false},"
                + "{\"name\":\"shop.people\",\"rows\":2,\"sha256\":\"b\",\"included\":false}]"));
        RestorePlan plan = RestorePlan.build(fullBackup(), chain, options(null), policy("", ""));
        assertEquals(1, plan.dataSource(ORDERS));
        assertEquals(4, plan.expected(ORDERS).rows());
        assertEquals("c", plan.expected(ORDERS).sha256());
        assertEquals(0, plan.dataSource(PEOPLE));
        assertEquals("b", plan.expected(PEOPLE).sha256());
        assertEquals(0, plan.dataSource(EVENTS_2024), "a table no manifest lists loads from the first file");
        assertNull(plan.expected(EVENTS_2024));
    }
}
