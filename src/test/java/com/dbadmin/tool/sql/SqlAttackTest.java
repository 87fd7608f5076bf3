package com.dbadmin.tool.sql;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.sql.readonly.RoleSession;
import com.dbadmin.support.Databases;
import com.dbadmin.support.ServerContext;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tools;
import com.dbadmin.tool.ToolResults;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What an attacker would send to db_execute_sql and db_explain: stacked statements, transaction control, role
 * escapes, writable CTEs, row locks, functions that write files or connect elsewhere, restricted tables under
 * every name and through views, parents, partitions, functions and the system catalogues, huge results. Each
 * is refused or harmless, no answer carries a restricted row, and afterwards nothing in the database changed.
 * A second set sends the worst of them straight to a session of the SQL role, without the server's own
 * one-statement and keyword checks, to show that PostgreSQL itself refuses them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlAttackTest {
    private static final String DATABASE = "sql_attacks";
    /** Planted in every restricted row; no answer may ever contain it. */
    private static final String MARKER = "S3CR3T-MARKER";
    private static final Set<ErrorCode> REFUSALS = EnumSet.of(ErrorCode.DB_400_VALIDATION,
            ErrorCode.DB_403_ACCESS_DENIED, ErrorCode.DB_413_TOO_LARGE, ErrorCode.DB_504_TIMEOUT);
    private static final Path ESCAPE_FILE = Path.of("/tmp/dbadmin-sql-attack-" + ProcessHandle.current().pid());

    private ServerContext server;
    private Tools tools;
    private String fingerprint;

    /** Relations no answer may read from, by schema and name. */
    private static final List<String[]> HIDDEN = List.of(
            new String[]{"public", "users"}, new String[]{"public", "auth_tokens"}, new String[]{"public", "system_config"},
            new String[]{"public", "secret_people"}, new String[]{"public", "people"}, new String[]{"public", "events"},
            new String[]{"public", "events_low"}, new String[]{"public", "user_emails"},
            new String[]{"public", "user_snapshot"}, new String[]{"public", "view_of_view"},
            new String[]{"dbadmin", "audit_log"}, new String[]{"dbadmin", "demo_schema_history"});

    @BeforeAll
    void start() throws Exception {
        Databases.fresh(DATABASE);
        server = ServerContext.on(DATABASE, Map.of("db-admin.database.load-demo", "true",
                "db-admin.policy.restricted-tables", "users,auth_tokens,system_config,secret_people,events",
                "db-admin.limits.statement-timeout", "2s"));
        Databases.execute(DATABASE, """
                UPDATE users SET password_hash = 'S3CR3T-MARKER-' || id;
                UPDATE auth_tokens SET token = 'S3CR3T-MARKER-token-' || id;
                UPDATE system_config SET value = 'S3CR3T-MARKER-config';
                CREATE VIEW user_emails AS SELECT username, password_hash FROM users;
                CREATE VIEW view_of_view AS SELECT * FROM user_emails;
                CREATE MATERIALIZED VIEW user_snapshot AS SELECT * FROM users;
                CREATE FUNCTION leak() RETURNS SETOF text LANGUAGE sql AS 'SELECT password_hash FROM public.users';
                CREATE TABLE people (id int, name text);
                CREATE TABLE secret_people (secret text) INHERITS (people);
                INSERT INTO secret_people VALUES (1, 'S3CR3T-MARKER-name', 'S3CR3T-MARKER-inherited');
                CREATE TABLE events (id int, payload text) PARTITION BY RANGE (id);
                CREATE TABLE events_low PARTITION OF events FOR VALUES FROM (0) TO (100);
                INSERT INTO events VALUES (1, 'S3CR3T-MARKER-partition');
                CREATE TABLE created_later (id int);
                INSERT INTO created_later VALUES (1);
                CREATE EXTENSION IF NOT EXISTS dblink;
                -- The hardening docs/security.md asks for (the embedded database gets it from the server).
                REVOKE EXECUTE ON FUNCTION pg_logical_emit_message(boolean, text, text) FROM PUBLIC;
                REVOKE EXECUTE ON FUNCTION pg_logical_emit_message(boolean, text, bytea) FROM PUBLIC;
                """);
        tools = server.tools();
        // The new relations reach the managed role's grants at its next check; make that now.
        assertTrue(server.bean(SqlRole.class).refreshAfterDenial(System.nanoTime()));
        assertEquals(1, tools.ok("db_execute_sql", "{\"sql\": \"SELECT id FROM created_later\"}").at("/rows/0/id").asInt());
        fingerprint = fingerprint();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            assertEquals(fingerprint, fingerprint(), "the attacks changed the database");
            assertFalse(Files.exists(ESCAPE_FILE), "an attack wrote a file on the database server");
        } finally {
            server.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyAttackIsRefusedOrHarmless() {
        List<Attack> attacks = new ArrayList<>();
        stacked(attacks);
        transactionControl(attacks);
        roleEscapes(attacks);
        writes(attacks);
        escapes(attacks);
        restrictedByEveryName(attacks);
        catalogueTricks(attacks);
        sizeAndTime(attacks);
        assertTrue(attacks.size() >= 150, "the attack set shrank to " + attacks.size());
        return attacks.stream().map(attack -> DynamicTest.dynamicTest(attack.category + ": " + attack.sql, () -> {
            ObjectNode arguments = JsonNodeFactory.instance.objectNode();
            arguments.put("sql", attack.sql);
            ToolOutcome outcome = server.bean(com.dbadmin.tool.ToolInvoker.class).invoke(attack.tool, arguments,
                    com.dbadmin.call.CallContext.local("attacker", com.dbadmin.call.Transport.REST));
            String answer = ToolResults.body(outcome).toString();
            assertFalse(answer.contains(MARKER), () -> "restricted data in the answer: " + answer);
            if (outcome.success()) {
                assertTrue(attack.harmless, () -> "succeeded: " + answer);
            } else {
                assertTrue(REFUSALS.contains(outcome.error().code()) || attack.harmless
                                && outcome.error().code() == ErrorCode.DB_503_UNAVAILABLE,
                        () -> "refused with an unexpected code: " + answer);
            }
        }));
    }

    @Test
    void sessionStateDoesNotOutliveTheCall() throws Exception {
        for (int i = 0; i < 4; i++) { // more calls than pooled connections: every connection served one of each
            tools.ok("db_execute_sql", "{\"sql\": \"SELECT pg_advisory_lock(4242), set_config('search_path', 'pg_catalog', false),"
                    + " set_config('application_name', 'pwned', false), set_config('statement_timeout', '0', false)\"}");
            ObjectNode after = tools.ok("db_execute_sql", "{\"sql\": \"SELECT current_setting('search_path') AS path,"
                    + " current_setting('application_name') AS app, current_setting('statement_timeout') AS timeout\"}");
            assertNotEquals("pg_catalog", after.at("/rows/0/path").asText());
            assertNotEquals("pwned", after.at("/rows/0/app").asText());
            assertEquals("2s", after.at("/rows/0/timeout").asText());
        }
        assertEquals(0, Databases.number(DATABASE, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"));
    }

    @Test
    void theDatabaseItselfRefusesWhatTheServersChecksWouldStop() throws Exception {
        SqlRole role = server.bean(SqlRole.class);
        List<String> refused = List.of(
                "SET ROLE postgres",
                "SET SESSION AUTHORIZATION postgres",
                "SELECT set_config('role', 'postgres', true)",
                "SELECT set_config('session_authorization', 'postgres', true)",
                "SELECT set_config('role', 'none', true), query_to_xml('select * from public.users', true, true, '')",
                "SELECT * FROM public.users",
                "SELECT * FROM public.user_emails",
                "SELECT * FROM public.people",
                "SELECT * FROM public.events",
                "SELECT * FROM leak()",
                "SELECT * FROM dbadmin.audit_log",
                "DELETE FROM books",
                "UPDATE books SET title = 'x'",
                "INSERT INTO authors (name) VALUES ('x')",
                "TRUNCATE books",
                "DROP TABLE books",
                "CREATE TABLE stolen (id int)",
                "SELECT * FROM books FOR UPDATE",
                "SELECT nextval('books_id_seq')",
                "COPY (SELECT 1) TO '" + ESCAPE_FILE + "'",
                "COPY (SELECT 1) TO PROGRAM 'touch " + ESCAPE_FILE + "'",
                "SELECT pg_read_file('/etc/passwd')",
                "SELECT lo_export(1, '" + ESCAPE_FILE + "')",
                "SELECT * FROM dblink('host=127.0.0.1 port=" + TestDatabase.port() + " dbname=" + DATABASE
                        + " user=postgres', 'select password_hash from users') AS t(h text)",
                "ALTER ROLE dbadmin_sql SUPERUSER",
                "GRANT SELECT ON users TO dbadmin_sql",
                "DO $$ BEGIN EXECUTE 'DELETE FROM books'; END $$",
                "SELECT set_config('transaction_read_only', 'off', true)");
        for (String sql : refused) {
            try (RoleSession session = role.open(Duration.ofSeconds(5)); Statement statement = session.connection().createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> statement.execute(sql), sql);
                assertFalse(String.valueOf(e.getMessage()).contains(MARKER), sql);
            }
        }
        // Transaction control leaves the READ ONLY transaction, but not the role: the next statement is still refused.
        for (String escape : List.of("COMMIT", "ROLLBACK", "END", "ABORT")) {
            for (String then : List.of("DELETE FROM books", "DROP TABLE books", "SELECT * FROM public.users",
                    "CREATE TABLE public.stolen AS SELECT 1", "SET ROLE postgres")) {
                try (RoleSession session = role.open(Duration.ofSeconds(5));
                     Statement statement = session.connection().createStatement()) {
                    statement.execute(escape);
                    assertThrows(SQLException.class, () -> statement.execute(then), escape + "; " + then);
                }
            }
        }
        try (RoleSession session = role.open(Duration.ofSeconds(5)); Statement statement = session.connection().createStatement()) {
            statement.execute("RESET ROLE");
            try (ResultSet rs = statement.executeQuery("SELECT current_user, session_user")) {
                rs.next();
                assertEquals("dbadmin_sql", rs.getString(1));
                assertEquals("dbadmin_sql", rs.getString(2));
            }
        }
    }

    private static void stacked(List<Attack> attacks) {
        for (String sql : List.of(
                "COMMIT; DROP TABLE books", "SELECT 1; DROP TABLE books", "SELECT 1; SELECT 2", "; DROP TABLE books",
                "SELECT 1;\nDELETE FROM books", "SELECT $$;$$; DROP TABLE books", "SELECT $a$ ; $a$; DROP TABLE books",
                "SELECT 1 /* ; */ ; DROP TABLE books", "SELECT ';' ; DROP TABLE books",
                "SELECT E'\\'' ; DROP TABLE books; --'", "SELECT 'it''s'; DROP TABLE books", "SELECT 1 -- ;\n; DROP TABLE books",
                "SELECT \"a;b\" FROM (SELECT 1 AS \"a;b\") t; DROP TABLE books", "ROLLBACK; DROP TABLE books",
                "END; DROP TABLE books", "SELECT 1 /* /* nested */ ; */; DROP TABLE books",
                "SELECT 1;;; DELETE FROM books", "SELECT 1\n;\nINSERT INTO authors(name) VALUES ('x')",
                "WITH x AS (SELECT 1) SELECT * FROM x; TRUNCATE books", "SELECT 1; COMMIT; DROP TABLE books",
                "SELECT $1; DROP TABLE books", "VALUES (1); UPDATE books SET title = 'x'",
                "SELECT 1 ; SET ROLE postgres; SELECT * FROM users")) {
            attacks.add(new Attack("stacked", "db_execute_sql", sql, false));
        }
        attacks.add(new Attack("stacked", "db_explain", "SELECT 1; DROP TABLE books", false));
    }

    private static void transactionControl(List<Attack> attacks) {
        for (String sql : List.of("COMMIT", "ROLLBACK", "BEGIN", "START TRANSACTION READ WRITE", "SET TRANSACTION READ WRITE",
                "SAVEPOINT a", "RELEASE SAVEPOINT a", "PREPARE TRANSACTION 'x'", "COMMIT PREPARED 'x'", "END", "ABORT",
                "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE", "SET default_transaction_read_only = off")) {
            attacks.add(new Attack("transaction control", "db_execute_sql", sql, false));
        }
        attacks.add(new Attack("transaction control", "db_execute_sql",
                "SELECT set_config('transaction_read_only', 'off', true)", false));
        attacks.add(new Attack("transaction control", "db_execute_sql",
                "SELECT set_config('default_transaction_read_only', 'off', false)", true));
    }

    private static void roleEscapes(List<Attack> attacks) {
        for (String sql : List.of("SET ROLE postgres", "RESET ROLE", "SET SESSION AUTHORIZATION postgres",
                "RESET SESSION AUTHORIZATION", "SET LOCAL ROLE postgres",
                "SELECT set_config('role', 'postgres', true)", "SELECT set_config('role', 'postgres', false)",
                "SELECT set_config('session_authorization', 'postgres', false)",
                "SELECT set_config('role', 'pg_read_all_data', true)",
                "SELECT set_config('role', 'none', true), query_to_xml('select * from public.users', true, true, '')",
                "SELECT set_config('role', 'none', true), (SELECT count(*) FROM public.users)",
                "SELECT query_to_xml('select * from public.users', true, true, '')",
                "SELECT query_to_xml_and_xmlschema('select * from public.auth_tokens', true, true, '')",
                "SELECT table_to_xml('public.users', true, true, '')",
                "SELECT database_to_xml(true, true, '')",
                "SELECT schema_to_xml('public', true, true, '')",
                "SELECT cursor_to_xml('x', 1, true, true, '')",
                "ALTER ROLE dbadmin_sql SUPERUSER", "GRANT postgres TO dbadmin_sql", "CREATE ROLE evil SUPERUSER")) {
            boolean harmless = sql.startsWith("RESET") || sql.contains("'none'") && !sql.contains("users")
                    || sql.startsWith("SELECT database_to_xml") || sql.startsWith("SELECT schema_to_xml");
            attacks.add(new Attack("role escape", "db_execute_sql", sql, harmless));
        }
    }

    private static void writes(List<Attack> attacks) {
        for (String sql : List.of(
                "WITH d AS (DELETE FROM books RETURNING *) SELECT count(*) FROM d",
                "WITH u AS (UPDATE books SET title = 'x' RETURNING 1) SELECT * FROM u",
                "WITH i AS (INSERT INTO authors (name) VALUES ('x') RETURNING 1) SELECT * FROM i",
                "WITH d AS (DELETE FROM users RETURNING password_hash) SELECT * FROM d",
                "WITH m AS (MERGE INTO authors a USING (SELECT 1 AS id) s ON a.id = s.id WHEN MATCHED THEN DELETE) SELECT 1",
                "SELECT * INTO stolen FROM books", "SELECT * INTO TEMP stolen FROM books",
                "SELECT * FROM books FOR UPDATE", "SELECT * FROM books FOR SHARE", "SELECT * FROM books FOR NO KEY UPDATE",
                "SELECT * FROM books LIMIT 1 FOR UPDATE SKIP LOCKED", "TABLE books FOR UPDATE",
                "SELECT nextval('books_id_seq')", "SELECT setval('books_id_seq', 1)", "SELECT currval('books_id_seq')",
                "DELETE FROM books", "UPDATE books SET title = 'x'", "INSERT INTO authors (name) VALUES ('x')",
                "TRUNCATE books", "DROP TABLE books", "ALTER TABLE books ADD COLUMN x int", "CREATE TABLE stolen (id int)",
                "CREATE TEMP TABLE t (id int)", "COPY books FROM STDIN", "REFRESH MATERIALIZED VIEW user_snapshot",
                "VACUUM books", "ANALYZE books", "CLUSTER books", "REINDEX TABLE books", "LOCK TABLE books",
                "COMMENT ON TABLE books IS 'x'", "GRANT SELECT ON users TO PUBLIC", "SECURITY LABEL ON TABLE books IS 'x'",
                "SELECT lo_unlink(1)", "SELECT pg_stat_reset()",
                "SELECT pg_catalog.set_config('default_transaction_read_only', 'off', false), nextval('books_id_seq')")) {
            attacks.add(new Attack("write", "db_execute_sql", sql, false));
        }
        attacks.add(new Attack("write", "db_explain", "WITH d AS (DELETE FROM books RETURNING *) SELECT count(*) FROM d",
                false));
    }

    private static void escapes(List<Attack> attacks) {
        String dblink = "host=127.0.0.1 port=" + TestDatabase.port() + " dbname=" + DATABASE + " user=postgres";
        for (String sql : List.of(
                "SELECT pg_read_file('/etc/passwd')", "SELECT pg_read_binary_file('/etc/passwd')", "SELECT pg_ls_dir('.')",
                "SELECT pg_stat_file('postgresql.conf')", "SELECT lo_import('/etc/passwd')",
                "SELECT lo_export(1, '" + ESCAPE_FILE + "')",
                "SELECT * FROM dblink('" + dblink + "', 'select password_hash from users') AS t(h text)",
                "SELECT dblink_exec('" + dblink + "', 'DROP TABLE books')",
                "SELECT dblink_connect('" + dblink + "')",
                "SELECT * FROM dblink('" + dblink + " password=wrong', 'select 1') AS t(x int)",
                "COPY (SELECT 1) TO PROGRAM 'touch " + ESCAPE_FILE + "'", "COPY books TO '" + ESCAPE_FILE + "'",
                "COPY (SELECT * FROM users) TO STDOUT",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'postgres'",
                "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE usename = 'postgres'",
                "SELECT pg_reload_conf()", "SELECT pg_rotate_logfile()", "SELECT pg_switch_wal()",
                "SELECT pg_create_restore_point('x')", "SELECT pg_create_physical_replication_slot('x')",
                "SELECT pg_logical_emit_message(true, 'x', 'y')", "SELECT pg_promote()",
                "SELECT pg_backup_start('x')", "SELECT pg_import_system_collations('pg_catalog')",
                "LOAD 'plpgsql'", "CHECKPOINT", "LISTEN x", "NOTIFY x", "DISCARD ALL", "DEALLOCATE ALL",
                "PREPARE p AS SELECT 1", "EXECUTE p", "DECLARE c CURSOR FOR SELECT 1", "FETCH c", "CALL p()",
                "DO $$ BEGIN PERFORM 1; END $$", "CREATE EXTENSION adminpack", "ALTER SYSTEM SET fsync = off",
                "SET statement_timeout = 0", "SHOW hba_file", "SHOW data_directory")) {
            boolean harmless = sql.startsWith("SHOW");
            attacks.add(new Attack("escape", "db_execute_sql", sql, harmless));
        }
        for (String sql : List.of("SELECT pg_advisory_lock(77)", "SELECT pg_try_advisory_lock(78)",
                "SELECT pg_advisory_xact_lock(79)", "SELECT pg_notify('chan', 'x')", "SELECT pg_sleep(0.05)",
                "SELECT pg_terminate_backend(pg_backend_pid())", "SELECT set_config('search_path', 'pg_catalog', false)",
                "SELECT pg_stat_clear_snapshot()", "SELECT txid_current_if_assigned()",
                // Large objects are transactional: the rollback removes it (the fingerprint counts them).
                "SELECT lo_create(0)", "SELECT lo_from_bytea(0, 'x')")) {
            attacks.add(new Attack("escape", "db_execute_sql", sql, true));
        }
    }

    private static void restrictedByEveryName(List<Attack> attacks) {
        for (String[] relation : HIDDEN) {
            String schema = relation[0];
            String name = relation[1];
            String qualified = schema + "." + name;
            for (String sql : List.of(
                    "SELECT * FROM " + name, "SELECT * FROM \"" + name + "\"", "SELECT * FROM " + qualified,
                    "SELECT * FROM \"" + schema + "\".\"" + name + "\"", "SELECT * FROM " + qualified.toUpperCase(),
                    "TABLE " + qualified, "SELECT * FROM ONLY " + qualified,
                    "SELECT (SELECT count(*) FROM " + qualified + ") AS n",
                    "WITH x AS (SELECT * FROM " + qualified + ") SELECT * FROM x",
                    "SELECT row_to_json(t) FROM " + qualified + " t",
                    "SELECT * FROM " + schema + ".U&\"\\" + String.format("%04x", (int) name.charAt(0)) + name.substring(1) + "\"",
                    "SELECT * FROM books b WHERE EXISTS (SELECT 1 FROM " + qualified + ")",
                    "SELECT * FROM books b, LATERAL (SELECT * FROM " + qualified + " LIMIT 1) x",
                    "SELECT query_to_xml('select * from " + qualified + "', true, true, '')")) {
                attacks.add(new Attack("restricted " + qualified, "db_execute_sql", sql, false));
            }
            attacks.add(new Attack("restricted " + qualified, "db_explain", "SELECT * FROM " + qualified, false));
        }
        attacks.add(new Attack("restricted via function", "db_execute_sql", "SELECT * FROM leak()", false));
        attacks.add(new Attack("restricted via function", "db_execute_sql", "SELECT leak()", false));
        attacks.add(new Attack("restricted via sequence", "db_execute_sql", "SELECT * FROM users_id_seq", false));
        attacks.add(new Attack("restricted via sequence", "db_execute_sql", "SELECT last_value FROM public.users_id_seq", false));
    }

    private static void catalogueTricks(List<Attack> attacks) {
        for (String sql : List.of("SELECT * FROM pg_authid", "SELECT * FROM pg_shadow", "SELECT * FROM pg_statistic",
                "SELECT * FROM pg_user_mapping", "SELECT * FROM pg_largeobject", "SELECT lo_get(1)",
                "SELECT * FROM pg_stat_statements", "SELECT * FROM pg_file_settings", "SELECT * FROM pg_hba_file_rules")) {
            attacks.add(new Attack("catalogue", "db_execute_sql", sql, false));
        }
        // Readable by every role, by PostgreSQL's design: names and statistics of what the role may read, never rows.
        for (String sql : List.of("SELECT relname FROM pg_class WHERE relname = 'users'",
                "SELECT most_common_vals::text FROM pg_stats WHERE tablename IN ('users', 'auth_tokens', 'system_config')",
                "SELECT to_regclass('public.users')::text", "SELECT query FROM pg_stat_activity",
                "SELECT * FROM pg_roles", "SELECT * FROM pg_user", "SELECT * FROM pg_settings WHERE name LIKE '%password%'",
                "SELECT prosrc FROM pg_proc WHERE proname = 'leak'", "SELECT pg_get_viewdef('user_emails'::regclass)",
                "SELECT * FROM information_schema.columns WHERE table_name = 'users'",
                "SELECT * FROM information_schema.table_privileges WHERE table_name = 'users'",
                "SELECT n_live_tup FROM pg_stat_user_tables WHERE relname = 'users'")) {
            attacks.add(new Attack("catalogue", "db_execute_sql", sql, true));
        }
    }

    private static void sizeAndTime(List<Attack> attacks) {
        for (String sql : List.of("SELECT repeat('x', 100000000)", "SELECT repeat('x', 1000000) FROM generate_series(1, 100)",
                "SELECT pg_sleep(30)", "SELECT count(*) FROM generate_series(1, 1000000000)",
                "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r")) {
            attacks.add(new Attack("size and time", "db_execute_sql", sql, false));
        }
        attacks.add(new Attack("size and time", "db_execute_sql", "SELECT * FROM generate_series(1, 100000000)", true));
    }

    /** Everything an attack could change: rows, relations, roles, settings, privileges. */
    private static String fingerprint() throws SQLException {
        try (Connection connection = Databases.connect(DATABASE); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
                       SELECT 'rel:' || c.oid::regclass || ':' || c.relkind::text || ':' || coalesce(c.relacl::text, '')
                       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT LIKE 'pg\\_%'
                       UNION ALL SELECT 'role:' || rolname || rolsuper::text || rolcreaterole::text || rolbypassrls::text || rolreplication::text
                       FROM pg_roles
                       UNION ALL SELECT 'rows:books:' || count(*) || ':' || sum(hashtext(title)) FROM books
                       UNION ALL SELECT 'rows:authors:' || count(*) FROM authors
                       UNION ALL SELECT 'rows:users:' || count(*) || ':' || sum(hashtext(password_hash)) FROM users
                       UNION ALL SELECT 'seq:' || last_value FROM books_id_seq
                       UNION ALL SELECT 'lo:' || count(*) FROM pg_largeobject_metadata
                       UNION ALL SELECT 'slot:' || count(*) FROM pg_replication_slots
                       UNION ALL SELECT 'prepared:' || count(*) FROM pg_prepared_xacts
                       UNION ALL SELECT 'db:' || datname FROM pg_database
                     ) t(x)""")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private record Attack(String category, String tool, String sql, boolean harmless) {
    }
}
