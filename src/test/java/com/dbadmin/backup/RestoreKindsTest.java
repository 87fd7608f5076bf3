package com.dbadmin.backup;

import com.dbadmin.support.Databases;
import com.dbadmin.support.PgTools;
import com.dbadmin.support.ServerContext;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Restores of the SaaS and every-kind fixtures other than into an empty database: a subset into
 * another schema brings the tables' policies and row security but nothing of the database as a whole
 * (large objects, publications, event triggers); a dry run over the live database keeps everything
 * and changes nothing, large objects included.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreKindsTest {
    String database;
    Path store;
    ServerContext server;
    String backup;

    @BeforeAll
    void setUp() throws IOException {
        FidelityServer.shared().installTestExtension();
        database = Databases.fresh("backup_restore_kinds");
        Databases.loadFixture(database, "backup_saas.sql");
        Databases.loadFixture(database, "backup_kinds.sql");
        store = Files.createTempDirectory("backups-kinds");
        server = ServerContext.on(database, Map.of("db-admin.backup.dir", store.toString()));
        backup = server.tools().ok("db_backup_full", "{}").get("backup").asText();
    }

    @AfterAll
    void tearDown() {
        server.close();
    }

    @Test
    void aSubsetInAnotherSchemaBringsItsPoliciesAndNothingOfTheWholeDatabase() {
        long publications = Databases.number(database, "SELECT count(*) FROM pg_publication");
        long largeObjects = Databases.number(database, "SELECT count(*) FROM pg_largeobject_metadata");
        ObjectNode report = server.tools().ok("db_restore_full", "{\"backupFile\":\"" + backup
                + "\",\"tables\":[\"saas.documents\",\"saas.invoices\"],\"targetSchema\":\"inspect\"}");
        assertEquals(2, report.get("totals").get("tables").asInt(), report.toString());
        assertEquals(2, Databases.number(database, "SELECT count(*) FROM pg_class WHERE relnamespace = 'inspect'::regnamespace"
                + " AND relname IN ('documents', 'invoices') AND relrowsecurity AND relforcerowsecurity"));
        assertEquals(Databases.number(database, "SELECT count(*) FROM pg_policy WHERE polrelid IN ('saas.documents'::regclass,"
                + " 'saas.invoices'::regclass)"), Databases.number(database, "SELECT count(*) FROM pg_policy WHERE polrelid IN"
                + " ('inspect.documents'::regclass, 'inspect.invoices'::regclass)"), "every policy of the two tables");
        assertEquals(publications, Databases.number(database, "SELECT count(*) FROM pg_publication"));
        assertEquals(largeObjects, Databases.number(database, "SELECT count(*) FROM pg_largeobject_metadata"));
        assertEquals(Databases.number(database, "SELECT count(*) FROM saas.documents"),
                Databases.number(database, "SELECT count(*) FROM inspect.documents"));
        Databases.execute(database, "DROP SCHEMA inspect CASCADE");
    }

    @Test
    void aDryRunOverTheLiveDatabaseKeepsEverythingAndChangesNothing() {
        String schemaBefore = PgTools.schema(database);
        Map<String, String> rowsBefore = PgTools.contentChecksums(database, "saas", "kinds", "fixture_ext");
        String largeObjects = Databases.text(database, "SELECT string_agg(oid || ':' || md5(lo_get(oid)), ',' ORDER BY oid)"
                + " FROM pg_largeobject_metadata");
        ObjectNode report = server.tools().ok("db_restore_full", "{\"backupFile\":\"" + backup
                + "\",\"dryRun\":true,\"onConflict\":\"skip\"}");
        assertEquals(0, report.get("created").size(), report.get("created").toString());
        assertTrue(report.get("existing").toString().contains("large object 4242"), report.get("existing").toString());
        assertTrue(report.get("existing").toString().contains("publication kinds_items"), report.get("existing").toString());
        // Every row exists; only a table without any key (discounts) cannot tell, and would get its rows again.
        report.get("tables").forEach(t -> assertEquals(t.get("table").asText().equals("kinds.discounts") ? 2 : 0,
                t.get("inserted").asInt(), t.toString()));
        assertEquals(schemaBefore, PgTools.schema(database));
        assertEquals(rowsBefore, PgTools.contentChecksums(database, "saas", "kinds", "fixture_ext"));
        assertEquals(largeObjects, Databases.text(database, "SELECT string_agg(oid || ':' || md5(lo_get(oid)), ','"
                + " ORDER BY oid) FROM pg_largeobject_metadata"));
    }
}
