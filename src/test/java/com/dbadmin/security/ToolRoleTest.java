package com.dbadmin.security;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.support.Databases;
import com.dbadmin.support.ServerContext;
import com.dbadmin.support.Tools;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The second wall: tools run under DB_ADMIN_TOOL_ROLE, a role created here with the grants
 * docs/security.md recommends (everything on the ordinary tables, nothing on the restricted ones). A
 * representative slice of the catalogue works through it; with the server's policy switched off
 * (no restricted tables configured) the restricted tables still fail, refused by PostgreSQL itself.
 * The start-up check reports superusers and roles that can read restricted tables, and
 * DB_ADMIN_STRICT_PRIVILEGES=true refuses to start with either.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ToolRoleTest {
    private static final String ROLE = "dbadmin_tools_test";
    /** A database of its own: the role's grants cover exactly its tables. */
    private static final String DATABASE = "tool_role_test";

    @BeforeAll
    void createRole() {
        Databases.fresh(DATABASE);
        // The demo schema (books, users, auth_tokens...), loaded by a server context as every test database is.
        server(Map.of()).close();
        // The grants of docs/security.md ("Let the database enforce it too"), for the demo schema and a lab schema.
        Databases.execute(DATABASE, """
                DROP SCHEMA IF EXISTS rolelab CASCADE;
                CREATE SCHEMA rolelab;
                CREATE TABLE rolelab.items (id serial PRIMARY KEY, name text, deleted_at timestamptz);
                INSERT INTO rolelab.items (name) VALUES ('one'), ('two'), ('three');
                DO $$ BEGIN
                  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dbadmin_tools_test') THEN
                    EXECUTE 'DROP ROLE dbadmin_tools_test';
                  END IF;
                  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dbadmin_super_test') THEN
                    EXECUTE 'DROP ROLE dbadmin_super_test';
                  END IF;
                END $$;
                CREATE ROLE dbadmin_tools_test NOLOGIN;
                GRANT dbadmin_tools_test TO CURRENT_USER;
                GRANT USAGE ON SCHEMA public, rolelab TO dbadmin_tools_test;
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public, rolelab TO dbadmin_tools_test;
                GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public, rolelab TO dbadmin_tools_test;
                REVOKE ALL ON public.users, public.auth_tokens, public.system_config FROM dbadmin_tools_test;
                CREATE ROLE dbadmin_super_test SUPERUSER NOLOGIN;
                """);
    }

    private static ServerContext server(Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(extra);
        properties.put("db-admin.database.load-demo", "true");
        return ServerContext.on(DATABASE, properties);
    }

    @Test
    void theCatalogueWorksUnderTheToolRoleAndTheDatabaseRefusesRestrictedTablesWhenPolicyIsOff() {
        try (ServerContext context = server(Map.of("db-admin.privileges.tool-role", ROLE,
                "db-admin.policy.restricted-tables", ""))) {
            Tools tools = context.tools();
            assertTrue(tools.ok("db_query_records", "{\"table\":\"books\",\"limit\":2}").get("count").asInt() > 0);
            assertEquals("rolelab.items", tools.ok("db_get_schema", "{\"table\":\"rolelab.items\"}").get("table").asText());
            tools.ok("db_list_tables", "{}");
            ObjectNode inserted = tools.ok("db_insert_record", "{\"table\":\"rolelab.items\",\"data\":{\"name\":\"four\"}}");
            int id = inserted.get("record").get("id").asInt();
            tools.ok("db_update_records", "{\"table\":\"rolelab.items\",\"data\":{\"name\":\"FOUR\"},\"where\":{\"id\":" + id + "}}");
            tools.ok("db_batch_insert", "{\"table\":\"rolelab.items\",\"records\":[{\"name\":\"five\"},{\"name\":\"six\"}]}");
            tools.ok("db_batch_update", "{\"table\":\"rolelab.items\",\"updates\":[{\"where\":{\"name\":\"five\"},\"data\":{\"name\":\"5\"}}]}");
            tools.ok("db_delete_records", "{\"table\":\"rolelab.items\",\"where\":{\"id\":" + id + "},\"soft_delete\":true}");
            tools.ok("db_batch_delete", "{\"table\":\"rolelab.items\",\"conditions\":[{\"name\":\"six\"}]}");
            // one, two, three and 5 remain; four is soft-deleted, six deleted.
            assertEquals(4, tools.ok("db_export_json", "{\"table\":\"rolelab.items\",\"where\":{\"deleted_at\":null}}")
                    .get("rows").asInt());
            tools.ok("db_query_audit_logs", "{\"limit\":1}");
            assertEquals(1, count("SELECT count(*) FROM rolelab.items WHERE name = '5'"), "changes committed");

            Map<String, String> keyFilter = Map.of("users", "{\"id\":1}", "public.auth_tokens", "{\"id\":1}",
                    "system_config", "{\"key\":\"x\"}");
            for (String restricted : keyFilter.keySet()) {
                for (String[] call : List.of(
                        new String[]{"db_query_records", "{\"table\":\"" + restricted + "\"}"},
                        new String[]{"db_export_json", "{\"table\":\"" + restricted + "\"}"},
                        new String[]{"db_export_csv", "{\"table\":\"" + restricted + "\"}"},
                        new String[]{"db_delete_records", "{\"table\":\"" + restricted + "\",\"where\":" + keyFilter.get(restricted) + "}"},
                        new String[]{"db_backup_table", "{\"table\":\"" + restricted + "\"}"})) {
                    ToolOutcome outcome = tools.fails(ErrorCode.DB_403_ACCESS_DENIED, call[0], call[1]);
                    assertEquals("42501", outcome.error().details().get("sqlstate"),
                            call[0] + " on " + restricted + " refused by PostgreSQL: " + outcome.error().getMessage());
                }
            }
            // A backup reads every table policy lets in; with policy off that includes the restricted ones.
            tools.fails(ErrorCode.DB_403_ACCESS_DENIED, "db_backup_full", "{}");
        }
        // With policy on, backups (which read on their own connection) run under the role too, and succeed.
        try (ServerContext context = server(Map.of("db-admin.privileges.tool-role", ROLE))) {
            context.tools().ok("db_backup_table", "{\"table\":\"rolelab.items\"}");
            context.tools().ok("db_backup_full", "{}");
        }
    }

    private static long count(String sql) {
        try (var connection = Databases.connect(DATABASE); var statement = connection.createStatement();
             var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void strictPrivilegesRefuseToStartAsASuperuserOrARoleThatReadsRestrictedTables() {
        // The tests' login role is a superuser.
        assertStartupRefused(Map.of("db-admin.privileges.strict", "true"), "superuser");
        assertStartupRefused(Map.of("db-admin.privileges.strict", "true", "db-admin.privileges.tool-role",
                "dbadmin_super_test"), "superuser");
        Databases.execute(DATABASE, "GRANT SELECT ON public.auth_tokens TO " + ROLE);
        try {
            assertStartupRefused(Map.of("db-admin.privileges.strict", "true", "db-admin.privileges.tool-role", ROLE),
                    "public.auth_tokens");
        } finally {
            Databases.execute(DATABASE, "REVOKE ALL ON public.auth_tokens FROM " + ROLE);
        }
        assertStartupRefused(Map.of("db-admin.privileges.tool-role", "no_such_role_here"), "does not exist");
        try (ServerContext strict = server(Map.of("db-admin.privileges.strict", "true", "db-admin.privileges.tool-role", ROLE))) {
            assertTrue(strict.tools().ok("db_query_records", "{\"table\":\"books\",\"limit\":1}").get("count").asInt() > 0);
        }
    }

    private static void assertStartupRefused(Map<String, String> settings, String reason) {
        Throwable failure = assertThrows(Throwable.class, () -> server(settings).close(), settings.toString());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains(reason), messages.toString());
    }
}
