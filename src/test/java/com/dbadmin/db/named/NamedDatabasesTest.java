package com.dbadmin.db.named;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Both forms of DB_ADMIN_DATABASES, and the mistakes that must stop the server with a clear message. */
class NamedDatabasesTest {
    @TempDir
    Path folder;

    @Test
    void blankMeansOneDatabase() {
        assertEquals(List.of(), NamedDatabases.parse(null));
        assertEquals(List.of(), NamedDatabases.parse("  "));
    }

    @Test
    void pairsKeepTheirOrderAndUrlsWithQueryStrings() {
        List<NamedDatabase> databases = NamedDatabases.parse(
                " main=jdbc:postgresql://db:5432/app?sslmode=require&user=a , reports=postgresql://u:p@r:5432/rep ");
        assertEquals(List.of("main", "reports"), databases.stream().map(NamedDatabase::name).toList());
        assertEquals("jdbc:postgresql://db:5432/app?sslmode=require&user=a", databases.get(0).url());
        // Only the URL: login, pool and policy stay the server's.
        assertEquals(Map.of("db-admin.database.url", "postgresql://u:p@r:5432/rep"), databases.get(1).properties());
    }

    @Test
    void aJsonFileGivesEachDatabaseItsOwnSettings() throws IOException {
        Path file = folder.resolve("dbs.json");
        Files.writeString(file, """
                [{"name": "app", "url": "jdbc:postgresql://a/app", "user": "admin", "password": "pw",
                  "restricted_tables": ["users", "public.tokens"], "read_only_tables": "ledger, audit", "pool_size": 3},
                 {"name": "crm_2", "url": "jdbc:postgresql://c/crm", "secret_arn": "arn:aws:secretsmanager:x",
                  "direct_url": "jdbc:postgresql://c-direct/crm", "read_replica_url": "jdbc:postgresql://c-replica/crm"}]""");
        List<NamedDatabase> databases = NamedDatabases.parse(file.toString());
        Map<String, Object> app = databases.get(0).properties();
        assertEquals("admin", app.get("db-admin.database.username"));
        assertEquals("pw", app.get("db-admin.database.password"));
        assertEquals("", app.get("db-admin.database.secret-arn"), "its own password: the server's secret must not replace it");
        assertEquals(3, app.get("db-admin.database.pool-size"));
        assertEquals("users,public.tokens", app.get("db-admin.policy.restricted-tables"));
        assertEquals("ledger,audit", app.get("db-admin.policy.read-only-tables"));
        Map<String, Object> crm = databases.get(1).properties();
        assertEquals("arn:aws:secretsmanager:x", crm.get("db-admin.database.secret-arn"));
        assertFalse(crm.containsKey("db-admin.policy.restricted-tables"));
        assertEquals("jdbc:postgresql://c-direct/crm", crm.get("db-admin.database.direct-url"));
        assertEquals("jdbc:postgresql://c-replica/crm", crm.get("db-admin.database.read-replica-url"));
        assertFalse(app.containsKey("db-admin.database.read-replica-url"));
        assertFalse(databases.get(0).toString().contains("pw"));
    }

    @Test
    void mistakesNameTheSettingAndTheProblem() throws IOException {
        assertRefused("Main=jdbc:postgresql://h/db", "not a database name");
        assertRefused("1db=jdbc:postgresql://h/db", "not a database name");
        assertRefused("a=jdbc:postgresql://h/a,a=jdbc:postgresql://h/b", "appears twice");
        assertRefused("a=", "has no url");
        assertRefused("a=jdbc:postgresql://h/a,b", "'b' is not name=url");
        assertRefused(folder.resolve("missing.json").toString(), "neither name=url pairs nor a readable JSON file");
        assertRefused(file("{\"name\": \"a\"}"), "JSON array");
        assertRefused(file("[{\"name\": \"a\", \"url\": \"u\", \"passwd\": \"x\"}]"), "unknown field 'passwd'");
        assertRefused(file("[{\"name\": \"a\", \"url\": \"u\", \"password\": \"x\", \"secret_arn\": \"y\"}]"), "not both");
        assertRefused(file("[{\"name\": \"a\", \"url\": \"u\", \"pool_size\": 0}]"), "at least 1");
        assertRefused(file("[{\"name\": \"a\", \"url\": \"u\", \"pool_size\": \"5\"}]"), "whole number");
        assertRefused(file("[{\"url\": \"u\"}]"), "not a database name");
        assertRefused(file("[]"), "names no database");
    }

    private String file(String json) throws IOException {
        Path file = Files.createTempFile(folder, "dbs", ".json");
        Files.writeString(file, json);
        return file.toString();
    }

    private static void assertRefused(String value, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NamedDatabases.parse(value));
        assertTrue(e.getMessage().startsWith("DB_ADMIN_DATABASES (db-admin.databases): "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }
}
