package com.dbadmin.backup;

import com.dbadmin.support.ServerContext;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fidelity check: a database holding every fixture is backed up with db_backup_full, restored into
 * an empty database with plain psql and into another with db_restore_full, and each restore must equal
 * the source: pg_dump --schema-only (where the installed pg_dump can dump the server), a catalogue
 * snapshot taken with SQL, every table's rows and every sequence's value. No server policy applies
 * (no restricted tables), so equal means equal.
 */
final class FidelityRoundTrip {
    /** Each fixture has its own schemas, so all of them load into one database. */
    static final String[] FIXTURES = {"backup_rich.sql", "backup_rentals.sql", "backup_saas.sql", "backup_kinds.sql"};

    private final FidelityServer server;
    private final Path store;
    private final Map<String, String> settings = new HashMap<>();

    FidelityRoundTrip(FidelityServer server) {
        this.server = server;
        try {
            this.store = Files.createTempDirectory("fidelity-" + server.major());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        settings.put("db-admin.backup.dir", store.toString());
        settings.put("db-admin.policy.restricted-tables", "");
        // The managed SQL role's grants (SELECT on every visible table) are not part of the fixtures, and one on
        // an extension's configuration table would not be carried (docs/backup.md).
        settings.put("db-admin.sql.manage-role", "false");
    }

    /** A fresh database holding every fixture. */
    String source(String name) {
        server.installTestExtension();
        server.fresh(name);
        for (String fixture : FIXTURES) {
            server.loadFixture(name, fixture);
        }
        return name;
    }

    /** Backs {@code source} up, restores it both ways, and compares each restore with it. */
    void verify(String source, boolean privileges) {
        String backup;
        try (ServerContext context = context(source)) {
            ObjectNode result = context.tools().ok("db_backup_full", "{\"include_privileges\":" + privileges + "}");
            assertEquals(0, result.get("missing").size(), result.get("missing").toString());
            assertEquals(privileges, result.get("includes_privileges").asBoolean());
            backup = result.get("backup").asText();
        }
        String viaPsql = server.fresh(source + "_psql");
        server.psqlFile(viaPsql, gunzip(store.resolve(backup)));
        assertSame(source, viaPsql, privileges, "plain psql");

        String viaTool = server.fresh(source + "_tool");
        try (ServerContext context = context(viaTool)) {
            ObjectNode report = context.tools().ok("db_restore_full", "{\"backupFile\":\"" + backup + "\"}");
            assertEquals(0, report.get("existing").size(), report.get("existing").toString());
        }
        assertSame(source, viaTool, privileges, "db_restore_full");
    }

    /**
     * Restores the backup again over the tool's restore with dropExisting: every object is dropped and
     * created anew (database-wide ones are kept), and the result must still equal the source.
     */
    void verifyDropExisting(String source, boolean privileges) {
        String target = source + "_tool";
        try (ServerContext context = context(target)) {
            String backup = context.tools().ok("db_list_backups", "{\"type\":\"full\",\"limit\":1}").get("backups").get(0)
                    .get("backup").asText();
            ObjectNode report = context.tools().ok("db_restore_full", "{\"backupFile\":\"" + backup
                    + "\",\"dropExisting\":true}");
            assertTrue(report.get("dropped").size() > 100, report.get("dropped").toString());
        }
        assertSame(source, target, privileges, "db_restore_full and dropExisting");
    }

    private ServerContext context(String database) {
        Map<String, String> properties = new HashMap<>(settings);
        properties.put("db-admin.database.url", server.jdbcUrl(database));
        return ServerContext.on(database, properties);
    }

    private void assertSame(String source, String target, boolean privileges, String how) {
        String label = "PostgreSQL " + server.major() + ", restored with " + how + ": ";
        if (server.pgDumpCanDump()) {
            assertEquals(server.schemaDump(source, privileges), server.schemaDump(target, privileges),
                    label + "pg_dump --schema-only differs");
        }
        List<String> expected = server.catalogue(source, privileges).lines();
        List<String> actual = server.catalogue(target, privileges).lines();
        assertEquals(List.of(), difference(expected, actual), label + "the catalogue differs; lines only in the source"
                + " (-) or only in the restore (+)");
        Map<String, String> rows = server.contents(source);
        assertTrue(rows.size() > 80, "the fixtures hold tables and sequences: " + rows.size());
        assertEquals(rows, server.contents(target), label + "rows or sequence values differ");
    }

    /** Lines only in {@code expected} (prefixed -) and only in {@code actual} (prefixed +). */
    static List<String> difference(List<String> expected, List<String> actual) {
        List<String> difference = new ArrayList<>();
        Set<String> inActual = new HashSet<>(actual);
        Set<String> inExpected = new HashSet<>(expected);
        expected.stream().filter(line -> !inActual.contains(line)).forEach(line -> difference.add("- " + line));
        actual.stream().filter(line -> !inExpected.contains(line)).forEach(line -> difference.add("+ " + line));
        return difference;
    }

    static Path gunzip(Path file) {
        try {
            Path sql = Files.createTempFile("restore", ".sql");
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                Files.copy(in, sql, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return sql;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
