package com.dbadmin.backup;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.support.Databases;
import com.dbadmin.support.ServerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A database holding what a backup cannot carry (an operator, a cast, a typed table) and what depends
 * on it (a view and a check constraint using the operator): a backup fails with DB_422 naming all of
 * it; allow_partial leaves out exactly that, lists it, and the backup still restores on its own (with
 * psql and with the tool), the rest identical.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartialBackupTest {
    static final List<String> LEFT_OUT = List.of("operator partial.===(text, text)", "cast (integer AS partial.colour)",
            "typed table partial.pairs", "table partial.guarded", "view partial.same_length_words");

    String source;
    Path store;
    ServerContext server;

    @BeforeAll
    void setUp() throws IOException {
        source = Databases.fresh("backup_partial");
        Databases.loadFixture(source, "backup_partial.sql");
        store = Files.createTempDirectory("backups-partial");
        server = ServerContext.on(source, Map.of("db-admin.backup.dir", store.toString()));
    }

    @AfterAll
    void tearDown() {
        server.close();
    }

    @Test
    void aBackupThatCannotCarryEverythingFailsNamingEveryObject() throws IOException {
        long before;
        try (var files = Files.list(store)) {
            before = files.count();
        }
        for (String tool : List.of("db_backup_full", "db_backup_table")) {
            String arguments = tool.equals("db_backup_table") ? "{\"table\":\"partial.guarded\"}" : "{}";
            ToolOutcome outcome = server.tools().fails(ErrorCode.DB_422_CONSTRAINT, tool, arguments);
            String message = outcome.error().getMessage();
            for (String object : List.of("operator partial.===(text, text)", "cast (integer AS partial.colour)",
                    "typed table partial.pairs")) {
                assertTrue(message.contains(object), message);
            }
            assertTrue(message.contains("allow_partial"), message);
            assertTrue(outcome.error().details().get("missing").toString().contains("view partial.same_length_words"),
                    outcome.error().details().toString());
        }
        try (var files = Files.list(store)) {
            assertEquals(before, files.count(), "nothing was stored");
        }
    }

    @Test
    void aPartialBackupSaysWhatIsMissingAndStillRestoresOnItsOwn() {
        ObjectNode backup = server.tools().ok("db_backup_full", "{\"allow_partial\":true}");
        List<String> missing = strings(backup.get("missing"));
        for (String object : LEFT_OUT) {
            assertTrue(missing.stream().anyMatch(m -> m.startsWith(object)), object + " not in " + missing);
        }
        assertEquals(LEFT_OUT.size(), missing.size(), missing.toString());
        String name = backup.get("backup").asText();
        ObjectNode listed = BackupAuthenticityTest.find(server.tools().ok("db_list_backups", "{}"), backup.get("id").asText());
        assertTrue(listed.get("partial").asBoolean());

        String viaPsql = Databases.fresh("backup_partial_psql");
        com.dbadmin.support.PgTools.psqlFile(viaPsql, FidelityRoundTrip.gunzip(store.resolve(name)));
        assertRestored(viaPsql);

        String viaTool = Databases.fresh("backup_partial_tool");
        try (ServerContext restore = ServerContext.on(viaTool, Map.of("db-admin.backup.dir", store.toString()))) {
            ObjectNode report = restore.tools().ok("db_restore_full", "{\"backupFile\":\"" + name + "\"}");
            assertEquals(missing, strings(report.get("missing")), "the restore says what the backup never held");
        }
        assertRestored(viaTool);
    }

    private void assertRestored(String target) {
        assertEquals(List.of("note_bodies"), names(target, "SELECT viewname FROM pg_views WHERE schemaname = 'partial'"));
        assertEquals(List.of("notes", "words"), names(target, "SELECT tablename FROM pg_tables WHERE schemaname = 'partial'"));
        assertEquals(0, Databases.number(target, "SELECT count(*) FROM pg_operator WHERE oprname = '==='"));
        assertEquals(2, Databases.number(target, "SELECT count(*) FROM partial.words"));
        assertEquals("kept", Databases.text(target, "SELECT body FROM partial.notes WHERE id = 1"));
        // What the rest uses comes along: the function behind the operator, the types.
        assertEquals(1, Databases.number(target, "SELECT count(*) FROM pg_proc WHERE proname = 'text_same_length'"));
        assertEquals(2, Databases.number(target, "SELECT count(*) FROM pg_type WHERE typname IN ('colour', 'pair')"));
    }

    private static List<String> names(String database, String sql) {
        List<String> names = new ArrayList<>();
        try (var connection = Databases.connect(database); var statement = connection.createStatement();
             var rs = statement.executeQuery(sql + " ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
