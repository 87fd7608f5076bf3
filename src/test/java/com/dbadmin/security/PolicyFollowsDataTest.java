package com.dbadmin.security;

import com.dbadmin.audit.AuditWriter;
import com.dbadmin.call.CallContext;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.call.Transport;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tools;
import com.dbadmin.tool.ToolInvoker;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Restricted rows stay hidden when they are reached through something other than their table's name: a
 * view or materialized view over them (directly or through another view), the parent of a restricted
 * inheritance child or partition, and the foreign-key actions of a delete or update. Restricted entries
 * are schema-qualified here, which is also how their names must stay out of error text.
 */
class PolicyFollowsDataTest extends DatabaseTest {
    private static final String SECRET = "TOPSECRET";
    /** Relations that read restricted rows: each must answer exactly like an unknown table. */
    private static final List<String> HIDDEN = List.of("flowlab.vault_view", "flowlab.vault_view2", "flowlab.vault_mv",
            "flowlab.docs_view", "flowlab.events", "FlowLab.Vault_View", "flowlab.\"vault_view\"");

    @Inject
    ToolInvoker invoker;
    @Inject
    CatalogCache catalog;
    @Inject
    AuditWriter audit;
    Tools tools;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("db-admin.policy.restricted-tables",
                "users,auth_tokens,system_config,flowlab.vault,flowlab.secret_docs,flowlab.hidden_events",
                "db-admin.policy.read-only-tables", "flowlab.ledger");
    }

    @BeforeEach
    void setUp() {
        TestDatabase.execute("""
                DROP SCHEMA IF EXISTS flowlab CASCADE;
                CREATE SCHEMA flowlab;
                CREATE TABLE flowlab.owners (id int PRIMARY KEY, name text);
                CREATE TABLE flowlab.vault (id serial PRIMARY KEY, owner_id int REFERENCES flowlab.owners ON DELETE CASCADE,
                                            secret text);
                CREATE SEQUENCE flowlab.vault_counter OWNED BY flowlab.vault.id;
                INSERT INTO flowlab.owners VALUES (1, 'o1'), (2, 'o2');
                INSERT INTO flowlab.vault (owner_id, secret) VALUES (1, 'TOPSECRET-1'), (2, 'TOPSECRET-2');
                CREATE TABLE flowlab.vault_refs (id int PRIMARY KEY, vault_id int REFERENCES flowlab.vault (id));
                CREATE VIEW flowlab.vault_view AS SELECT id, secret FROM flowlab.vault;
                CREATE VIEW flowlab.vault_view2 AS SELECT id FROM flowlab.vault_view;
                CREATE MATERIALIZED VIEW flowlab.vault_mv AS SELECT * FROM flowlab.vault;

                CREATE TABLE flowlab.docs (id int, body text);
                CREATE TABLE flowlab.secret_docs () INHERITS (flowlab.docs);
                INSERT INTO flowlab.docs VALUES (1, 'public one'), (2, 'public two');
                INSERT INTO flowlab.secret_docs VALUES (3, 'TOPSECRET-doc');
                CREATE VIEW flowlab.docs_view AS SELECT * FROM flowlab.docs;

                CREATE TABLE flowlab.events (id int, kind text) PARTITION BY LIST (kind);
                CREATE TABLE flowlab.hidden_events PARTITION OF flowlab.events FOR VALUES IN ('secret');
                CREATE TABLE flowlab.open_events PARTITION OF flowlab.events FOR VALUES IN ('open');
                INSERT INTO flowlab.events VALUES (1, 'open'), (2, 'secret');

                CREATE TABLE flowlab.regions (id int PRIMARY KEY);
                CREATE TABLE flowlab.accounts (id int PRIMARY KEY, name text,
                                               region_id int REFERENCES flowlab.regions ON DELETE CASCADE);
                CREATE TABLE flowlab.ledger (id int PRIMARY KEY,
                                             account_id int REFERENCES flowlab.accounts ON DELETE SET NULL ON UPDATE CASCADE);
                INSERT INTO flowlab.regions VALUES (1);
                INSERT INTO flowlab.accounts VALUES (1, 'a1', 1), (2, 'a2', NULL);
                INSERT INTO flowlab.ledger VALUES (1, 1);
                CREATE TABLE flowlab.notes (id int PRIMARY KEY, text text);
                INSERT INTO flowlab.notes VALUES (1, 'n1'), (2, 'n2');
                CREATE VIEW flowlab.open_view AS SELECT * FROM flowlab.notes;
                """);
        catalog.refresh();
        tools = new Tools(invoker);
    }

    @Test
    void viewsMaterializedViewsAndPartitionedParentsOfRestrictedRowsAnswerLikeUnknownTables() {
        for (String tool : List.of("db_query_records", "db_export_json", "db_export_csv", "db_get_schema",
                "db_list_table_columns", "db_get_relationships", "db_backup_table")) {
            ToolOutcome unknown = tools.fails(ErrorCode.DB_404_NOT_FOUND, tool, "{\"table\":\"flowlab.no_such\"}");
            for (String hidden : HIDDEN) {
                ToolOutcome outcome = tools.fails(ErrorCode.DB_404_NOT_FOUND, tool, "{\"table\":" + quoted(hidden) + "}");
                assertEquals(unknown.error().getMessage().replace("flowlab.no_such", hidden), outcome.error().getMessage());
            }
        }
        assertEquals(2, tools.ok("db_query_records", "{\"table\":\"flowlab.open_view\"}").get("count").asInt(),
                "a view over visible tables stays readable");
        String listing = tools.ok("db_list_tables", "{\"pattern\":\"flowlab.%\",\"limit\":1000}").toString();
        for (String name : List.of("\"vault\"", "vault_view", "vault_mv", "\"events\"", "docs_view", "hidden_events",
                "secret_docs")) {
            assertFalse(listing.contains(name), name + " listed: " + listing);
        }
        assertTrue(listing.contains("\"docs\"") && listing.contains("open_view"), listing);
        String schema = tools.ok("db_get_schema", "{\"table\":\"flowlab.owners\"}").toString();
        assertFalse(schema.contains("vault"), "the cascade's far end is not shown: " + schema);
    }

    @Test
    void theParentOfARestrictedChildIsReadAndChangedWithoutTheChildsRows() throws Exception {
        ObjectNode read = tools.ok("db_query_records", "{\"table\":\"flowlab.docs\"}");
        assertEquals(2, read.get("count").asInt(), read.toString());
        assertEquals(2, read.get("total_count").asInt());
        assertFalse(read.toString().contains(SECRET));
        assertEquals(2, tools.ok("db_query_records", "{\"table\":\"flowlab.docs\",\"limit\":1,\"offset\":1}").get("total_count").asInt());

        CallContext caller = CallContext.local("policy-follows-data-" + System.nanoTime(), Transport.REST);
        Tools audited = new Tools(invoker, caller);
        ObjectNode updated = audited.ok("db_update_records", "{\"table\":\"flowlab.docs\",\"data\":{\"body\":\"changed\"},"
                + "\"where\":{\"id\":{\"$gte\":1}}}");
        assertEquals(2, updated.get("updated_count").asInt());
        ObjectNode deleted = audited.ok("db_delete_records", "{\"table\":\"flowlab.docs\",\"where\":{\"id\":{\"$gte\":2}}}");
        assertEquals(1, deleted.get("deleted_count").asInt());
        audited.ok("db_batch_update", "{\"table\":\"flowlab.docs\",\"updates\":[{\"where\":{\"id\":{\"$gte\":1}},\"data\":{\"body\":\"again\"}}]}");
        audited.ok("db_batch_delete", "{\"table\":\"flowlab.docs\",\"conditions\":[{\"id\":{\"$gte\":3}}]}");
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM flowlab.secret_docs WHERE body = 'TOPSECRET-doc' AND id = 3"),
                "the restricted child's row is untouched");
        assertTrue(audit.awaitWritten(Duration.ofSeconds(20)));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM dbadmin.audit_log WHERE user_id = '" + caller.principal()
                + "' AND (coalesce(before_data::text, '') LIKE '%TOPSECRET%' OR coalesce(after_data::text, '') LIKE '%TOPSECRET%')"));
        assertEquals(4, TestDatabase.count("SELECT count(*) FROM dbadmin.audit_log WHERE user_id = '" + caller.principal() + "'"));

        ObjectNode export = tools.ok("db_export_json", "{\"table\":\"flowlab.docs\"}");
        assertEquals(1, export.get("rows").asInt(), "only the parent's own remaining row is exported: " + export);
    }

    @Test
    void writesWhoseForeignKeyActionsReachRestrictedOrReadOnlyTablesAreRefusedBeforeTheyRun() {
        String before = state();
        List<String[]> refused = List.of(
                new String[]{"db_delete_records", "{\"table\":\"flowlab.owners\",\"where\":{\"id\":1}}", "not expose"},
                new String[]{"db_batch_delete", "{\"table\":\"flowlab.owners\",\"conditions\":[{\"id\":2}]}", "not expose"},
                new String[]{"db_delete_records", "{\"table\":\"flowlab.accounts\",\"where\":{\"id\":1}}", "flowlab.ledger"},
                new String[]{"db_update_records", "{\"table\":\"flowlab.accounts\",\"data\":{\"id\":10},\"where\":{\"id\":1}}", "flowlab.ledger"},
                new String[]{"db_batch_update", "{\"table\":\"flowlab.accounts\",\"updates\":[{\"where\":{\"id\":1},\"data\":{\"id\":11}}]}", "flowlab.ledger"},
                new String[]{"db_insert_record", "{\"table\":\"flowlab.accounts\",\"data\":{\"id\":1,\"name\":\"x\"},"
                        + "\"on_conflict\":{\"action\":\"update\",\"update_columns\":[\"id\",\"name\"]}}", "flowlab.ledger"},
                new String[]{"db_delete_records", "{\"table\":\"flowlab.regions\",\"where\":{\"id\":1}}", "flowlab.ledger"});
        for (String[] call : refused) {
            ToolOutcome outcome = tools.fails(ErrorCode.DB_403_ACCESS_DENIED, call[0], call[1]);
            String message = outcome.error().getMessage();
            assertTrue(message.contains(call[2]) && message.contains("nothing was changed"), message);
            assertFalse(message.toLowerCase(Locale.ROOT).contains("vault"), message);
        }
        assertEquals(before, state(), "nothing changed");
        // Changes that no action carries further still work: renaming an account, deleting an owner-less row.
        tools.ok("db_update_records", "{\"table\":\"flowlab.accounts\",\"data\":{\"name\":\"renamed\"},\"where\":{\"id\":1}}");
        tools.ok("db_delete_records", "{\"table\":\"flowlab.notes\",\"where\":{\"id\":1}}");
    }

    @Test
    void errorTextNeverNamesASchemaQualifiedRestrictedTable() {
        for (String[] call : List.of(
                new String[]{"db_insert_record", "{\"table\":\"flowlab.vault_refs\",\"data\":{\"id\":1,\"vault_id\":999}}"},
                new String[]{"db_batch_insert", "{\"table\":\"flowlab.vault_refs\",\"records\":[{\"id\":2,\"vault_id\":999}]}"})) {
            ToolOutcome outcome = tools.fails(ErrorCode.DB_422_CONSTRAINT, call[0], call[1]);
            String text = (outcome.error().getMessage() + outcome.error().details()).toLowerCase(Locale.ROOT);
            assertFalse(text.contains("vault\"") || text.contains("\"vault") || text.contains("999"), text);
        }
    }

    @Test
    void backupWarningsNameNothingThePolicyHides() {
        ObjectNode backup = tools.ok("db_backup_full", "{}");
        String warnings = backup.path("warnings").toString().toLowerCase(Locale.ROOT);
        List<String> hidden = List.of("flowlab.vault ", "flowlab.vault\"", "flowlab.vault,", "vault_view", "vault_mv",
                "vault_id_seq", "vault_counter", "docs_view", "secret_docs", "hidden_events", "flowlab.events", "users_id_seq",
                "auth_tokens", "system_config");
        for (String name : hidden) {
            assertFalse(warnings.contains(name), name + " in " + warnings);
            assertFalse(backup.path("tables").toString().contains(name), backup.path("tables").toString());
        }
        assertTrue(warnings.contains("depend on tables the server policy keeps out"), warnings);
    }

    private static String quoted(String text) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
    }

    private static String state() {
        try (var connection = TestDatabase.connect(); var statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT (SELECT string_agg(id || ':' || coalesce(owner_id, 0), ',' ORDER BY id) FROM flowlab.vault)"
                     + " || '|' || (SELECT string_agg(id || ':' || name || ':' || coalesce(region_id, 0), ',' ORDER BY id) FROM flowlab.accounts)"
                     + " || '|' || (SELECT string_agg(id || ':' || coalesce(account_id, 0), ',' ORDER BY id) FROM flowlab.ledger)"
                     + " || '|' || (SELECT string_agg(id || ':' || name, ',' ORDER BY id) FROM flowlab.owners)"
                     + " || '|' || (SELECT count(*) FROM flowlab.regions)")) {
            rs.next();
            return rs.getString(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
