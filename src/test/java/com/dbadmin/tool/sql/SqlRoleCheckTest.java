package com.dbadmin.tool.sql;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.guard.HiddenRelations;
import com.dbadmin.sql.readonly.RolePrivileges;
import com.dbadmin.support.Databases;
import com.dbadmin.support.ServerContext;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.tool.ToolRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The SQL role's start-up check: a role set up with the three statements of docs/security.md passes; a role
 * that could read a hidden relation (directly, through a view, a parent table or a membership), write, own,
 * or is too powerful fails, and then db_execute_sql is not offered. A privilege granted later is noticed at
 * the next check. The managed role's grants follow the policy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlRoleCheckTest {
    private static final String DATABASE = "sql_roles";
    private static final String OPERATOR_ROLE = "ops_sql_docs";
    private static final String PASSWORD = "a-long-random-password";
    /** staff is a restricted child, so its parent people is hidden too. */
    private static final Map<String, String> POLICY = Map.of("db-admin.policy.restricted-tables",
            "users,auth_tokens,system_config,staff");

    private ServerContext probe;

    @BeforeAll
    void start() {
        Databases.fresh(DATABASE);
        for (String role : List.of(OPERATOR_ROLE, "probe_sql", "probe_group")) {
            TestDatabase.execute("DROP ROLE IF EXISTS " + role);
        }
        // Loads the demo schema; the managed role it creates is not the one under test here.
        ServerContext.on(DATABASE, Map.of("db-admin.database.load-demo", "true")).close();
        Databases.execute(DATABASE, """
                CREATE VIEW user_names AS SELECT username FROM users;
                CREATE TABLE people (id int);
                CREATE TABLE staff (salary int) INHERITS (people);
                """);
        // The documented statements, verbatim but for the role name.
        Databases.execute(DATABASE, documentedSetup().replace("dbadmin_sql", OPERATOR_ROLE));
        TestDatabase.execute("CREATE ROLE probe_group NOLOGIN");
        TestDatabase.execute("CREATE ROLE probe_sql LOGIN NOINHERIT IN ROLE probe_group");
        Map<String, String> unmanaged = new HashMap<>(POLICY);
        unmanaged.put("db-admin.sql.manage-role", "false");
        probe = ServerContext.on(DATABASE, unmanaged);
    }

    @AfterAll
    void stop() {
        probe.close();
        Databases.execute(DATABASE, "DROP OWNED BY probe_sql, probe_group, " + OPERATOR_ROLE);
    }

    @Test
    void theDocumentedSetupPassesAndReadsOnlyWhatItWasGranted() {
        try (ServerContext server = operatorServer(OPERATOR_ROLE, Map.of())) {
            assertTrue(server.bean(ToolRegistry.class).find("db_execute_sql").isPresent());
            assertTrue(server.tools().ok("db_execute_sql", "{\"sql\": \"SELECT count(*) AS n FROM books\"}")
                    .at("/rows/0/n").asLong() > 0);
            server.tools().fails(ErrorCode.DB_403_ACCESS_DENIED, "db_execute_sql", "{\"sql\": \"SELECT * FROM users\"}");
            server.tools().fails(ErrorCode.DB_403_ACCESS_DENIED, "db_execute_sql", "{\"sql\": \"SELECT * FROM user_names\"}");
        }
    }

    @Test
    void eachUnfitRoleIsReportedWithTheReason() throws Exception {
        List<Map.Entry<String, Consumer<String>>> grants = List.of(
                Map.entry("can read public.users", role -> grant("GRANT SELECT ON users TO " + role)),
                Map.entry("can read public.users", role -> grant("GRANT SELECT (username) ON users TO " + role)),
                Map.entry("can read public.user_names", role -> grant("GRANT SELECT ON user_names TO " + role)),
                Map.entry("can read public.people", role -> grant("GRANT SELECT ON people TO " + role)),
                Map.entry("can read public.staff", role -> grant("GRANT SELECT ON staff TO " + role)),
                Map.entry("can read dbadmin.audit_log", role -> grant("GRANT USAGE ON SCHEMA dbadmin TO " + role
                        + "; GRANT SELECT ON dbadmin.audit_log TO " + role)),
                Map.entry("probe_group can read public.auth_tokens", role -> grant("GRANT SELECT ON auth_tokens TO probe_group")),
                Map.entry("can read public.system_config", role -> grant("GRANT SELECT ON system_config TO PUBLIC")),
                Map.entry("can change public.books", role -> grant("GRANT INSERT ON books TO " + role)),
                Map.entry("can change public.authors", role -> grant("GRANT UPDATE (name) ON authors TO " + role)),
                Map.entry("owns relation", role -> grant("CREATE TABLE owned_by_probe (id int); ALTER TABLE owned_by_probe"
                        + " OWNER TO " + role)),
                Map.entry("is a member of pg_read_all_data", role -> TestDatabase.execute("GRANT pg_read_all_data TO " + role)),
                Map.entry("is a member of pg_monitor", role -> TestDatabase.execute("GRANT pg_monitor TO probe_group")),
                Map.entry("is a superuser", role -> TestDatabase.execute("ALTER ROLE " + role + " SUPERUSER")),
                Map.entry("may create roles", role -> TestDatabase.execute("ALTER ROLE probe_group CREATEROLE")));
        for (Map.Entry<String, Consumer<String>> unfit : grants) {
            assertTrue(verdict().fit(), "probe_sql starts fit: " + verdict().problems());
            unfit.getValue().accept("probe_sql");
            try {
                RolePrivileges.Verdict verdict = verdict();
                assertFalse(verdict.fit(), unfit.getKey());
                assertTrue(verdict.problems().stream().anyMatch(problem -> problem.contains(unfit.getKey())),
                        unfit.getKey() + " not in " + verdict.problems());
            } finally {
                reset();
            }
        }
    }

    @Test
    void anUnfitRoleIsNotOfferedAndExplainSaysWhy() {
        TestDatabase.execute("ALTER ROLE probe_sql SUPERUSER");
        try (ServerContext server = operatorServer("probe_sql", Map.of())) {
            assertTrue(server.bean(ToolRegistry.class).find("db_execute_sql").isEmpty());
            ToolOutcome explain = server.tools().fails(ErrorCode.DB_503_UNAVAILABLE, "db_explain",
                    "{\"sql\": \"SELECT 1\"}");
            assertTrue(explain.error().getMessage().contains("superuser"), explain.error().getMessage());
            // Plans of db_query_records requests need no SQL role.
            server.tools().ok("db_explain", "{\"query\": {\"table\": \"books\"}}");
        } finally {
            reset();
        }
    }

    @Test
    void aRoleThatCannotLogInIsNotOffered() {
        try (ServerContext server = operatorServer("probe_group", Map.of())) {
            assertTrue(server.bean(ToolRegistry.class).find("db_execute_sql").isEmpty());
            ToolOutcome explain = server.tools().fails(ErrorCode.DB_503_UNAVAILABLE, "db_explain", "{\"sql\": \"SELECT 1\"}");
            assertTrue(explain.error().getMessage().contains("log in"), explain.error().getMessage());
        }
    }

    @Test
    void withoutARoleTheToolIsOff() {
        try (ServerContext server = ServerContext.on(DATABASE, Map.of("db-admin.sql.manage-role", "false"))) {
            assertTrue(server.bean(ToolRegistry.class).find("db_execute_sql").isEmpty());
            ToolOutcome explain = server.tools().fails(ErrorCode.DB_503_UNAVAILABLE, "db_explain", "{\"sql\": \"SELECT 1\"}");
            assertTrue(explain.error().getMessage().contains("DB_ADMIN_SQL_ROLE"), explain.error().getMessage());
        }
    }

    @Test
    void aPrivilegeGrantedLaterDisablesTheToolUntilItIsRevoked() throws Exception {
        try (ServerContext server = operatorServer(OPERATOR_ROLE, Map.of("db-admin.sql.recheck-interval", "100ms"))) {
            server.tools().ok("db_execute_sql", "{\"sql\": \"SELECT 1 AS one\"}");
            Databases.execute(DATABASE, "GRANT SELECT ON users TO " + OPERATOR_ROLE);
            try {
                Thread.sleep(200);
                ToolOutcome refused = server.tools().fails(ErrorCode.DB_503_UNAVAILABLE, "db_execute_sql",
                        "{\"sql\": \"SELECT 1 AS one\"}");
                assertTrue(refused.error().getMessage().contains("public.users"), refused.error().getMessage());
            } finally {
                Databases.execute(DATABASE, "REVOKE SELECT ON users FROM " + OPERATOR_ROLE);
            }
            Thread.sleep(200);
            server.tools().ok("db_execute_sql", "{\"sql\": \"SELECT 1 AS one\"}");
        }
    }

    @Test
    void theManagedRoleFollowsThePolicy() {
        Map<String, String> booksRestricted = Map.of("db-admin.policy.restricted-tables",
                "users,auth_tokens,system_config,staff,books");
        try (ServerContext server = ServerContext.on(DATABASE, booksRestricted)) {
            assertFalse(privilege("books"));
            assertFalse(privilege("published_books"), "a view over a restricted table is hidden too");
            assertFalse(privilege("staff"));
            assertFalse(privilege("people"), "the parent of a restricted table is hidden too");
            assertTrue(privilege("authors"));
            server.tools().fails(ErrorCode.DB_403_ACCESS_DENIED, "db_execute_sql", "{\"sql\": \"SELECT * FROM books\"}");
        }
        try (ServerContext server = ServerContext.on(DATABASE, Map.of())) {
            assertTrue(privilege("books"), "granted again once the policy shows it");
            assertTrue(privilege("published_books"));
            assertTrue(privilege("people"));
            assertFalse(privilege("users"));
            assertFalse(privilege("user_names"));
            server.tools().ok("db_execute_sql", "{\"sql\": \"SELECT count(*) FROM books\"}");
        }
    }

    @Test
    void warningsNameDefinerFunctionsAndWalMessages() throws Exception {
        Databases.execute(DATABASE, "CREATE FUNCTION definer_probe() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1'");
        try {
            RolePrivileges.Verdict verdict = verdict();
            assertTrue(verdict.fit());
            assertTrue(verdict.warnings().stream().anyMatch(w -> w.contains("public.definer_probe()")), verdict.warnings().toString());
            assertTrue(verdict.warnings().stream().anyMatch(w -> w.contains("pg_logical_emit_message")), verdict.warnings().toString());
        } finally {
            Databases.execute(DATABASE, "DROP FUNCTION definer_probe()");
        }
    }

    private ServerContext operatorServer(String role, Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(Map.of("db-admin.sql.manage-role", "false",
                "db-admin.sql.role", role, "db-admin.sql.password", PASSWORD));
        properties.putAll(POLICY);
        properties.putAll(extra);
        return ServerContext.on(DATABASE, properties);
    }

    private RolePrivileges.Verdict verdict() throws Exception {
        try (Connection connection = Databases.connect(DATABASE)) {
            Set<Long> hidden = probe.bean(HiddenRelations.class).fresh(connection);
            return RolePrivileges.check(connection, "probe_sql", hidden);
        }
    }

    private static boolean privilege(String table) {
        return Databases.number(DATABASE,
                "SELECT has_table_privilege('dbadmin_sql', 'public." + table + "', 'SELECT')::int") == 1;
    }

    private static void grant(String sql) {
        Databases.execute(DATABASE, sql);
    }

    private static void reset() {
        TestDatabase.execute("ALTER ROLE probe_sql NOSUPERUSER NOCREATEROLE; ALTER ROLE probe_group NOCREATEROLE;"
                + " REVOKE pg_read_all_data FROM probe_sql; REVOKE pg_monitor FROM probe_group");
        Databases.execute(DATABASE, "DROP OWNED BY probe_sql, probe_group; REVOKE ALL ON system_config FROM PUBLIC");
    }

    private static String documentedSetup() {
        try {
            String docs = Files.readString(Path.of("docs/security.md"));
            String block = docs.substring(docs.indexOf("<!-- sql-role-setup:begin -->"), docs.indexOf("<!-- sql-role-setup:end -->"));
            return block.substring(block.indexOf("```sql") + 6, block.lastIndexOf("```")).replace("a-long-random-password", PASSWORD);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
