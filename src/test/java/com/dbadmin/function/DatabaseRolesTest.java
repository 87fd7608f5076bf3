package com.dbadmin.function;

import com.dbadmin.call.Transport;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.Fixtures;
import com.dbadmin.support.LambdaContexts;
import com.dbadmin.support.MotoServer;
import com.dbadmin.support.RecordingListener;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.TestLambdaContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Least privilege in the database, as the Terraform deploys it: the bootstrap function (logged in with the
 * master secret, kept in Secrets Manager: moto_server here) creates one login role per function, writes each
 * role's generated password into that role's own secret, and grants it what its group needs. Then the
 * functions, each given only its role's secret, serve their tools, while the database itself refuses what a
 * role was not granted: writes to the query role, any table to the schema role, restricted tables to all.
 * The roles must present their passwords (scram-sha-256 in pg_hba.conf for them), so the secrets are real.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseRolesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FUNCTIONS = List.of("query", "insert", "batch", "schema", "backup", "http",
            "scheduler");

    MotoServer moto;
    SecretsManagerClient secrets;
    final Map<String, String> secretArns = new LinkedHashMap<>();
    AutoCloseable passwordsRequired;
    ApplicationContext bootstrapContext;

    static String role(String function) {
        return "rolelab_" + function;
    }

    @BeforeAll
    void start() throws Exception {
        moto = MotoServer.start();
        MotoServer.useTestCredentials();
        System.setProperty("aws.endpointUrlSecretsManager", moto.endpoint());
        secrets = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(moto.endpoint())).build();
        String master = secrets.createSecret(b -> b.name("rolelab/master/" + System.nanoTime())
                .secretString("{\"username\":\"postgres\",\"password\":\"unused-trusted-locally\"}")).arn();
        ObjectNode roles = JSON.createObjectNode();
        for (String function : FUNCTIONS) {
            // Created without a value, as the Terraform does: the bootstrap writes the password.
            String arn = secrets.createSecret(b -> b.name("rolelab/" + function + "/" + System.nanoTime())).arn();
            secretArns.put(function, arn);
            roles.putObject(function).put("role", role(function)).put("secret", arn);
        }
        Fixtures.load("lambdalab.sql");
        TestDatabase.execute("CREATE TABLE lambdalab.auth_tokens (id serial PRIMARY KEY, token text);"
                + "INSERT INTO lambdalab.auth_tokens (token) VALUES ('s3cr3t');"
                + "CREATE TABLE lambdalab.ledger (id serial PRIMARY KEY, amount int);"
                + "INSERT INTO lambdalab.ledger (amount) VALUES (10);");
        for (String function : FUNCTIONS) {
            if (TestDatabase.count("SELECT count(*) FROM pg_roles WHERE rolname = '" + role(function) + "'") > 0) {
                TestDatabase.execute("DROP OWNED BY " + role(function) + "; DROP ROLE " + role(function));
            }
        }
        passwordsRequired = TestDatabase.requirePasswords(FUNCTIONS.stream().map(DatabaseRolesTest::role).toList());

        Map<String, Object> properties = new HashMap<>(policy());
        properties.put("db-admin.database.secret-arn", master);
        properties.put("db-admin.bootstrap.roles", roles.toString());
        bootstrapContext = LambdaContexts.build(properties);
    }

    private static Map<String, Object> policy() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("db-admin.policy.restricted-tables", "users,auth_tokens,system_config");
        properties.put("db-admin.policy.read-only-tables", "lambdalab.ledger");
        return properties;
    }

    @AfterAll
    void stop() throws Exception {
        if (bootstrapContext != null) {
            bootstrapContext.close();
        }
        if (passwordsRequired != null) {
            passwordsRequired.close();
        }
        System.clearProperty("aws.endpointUrlSecretsManager");
        if (secrets != null) {
            secrets.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    JsonNode bootstrap(String event) throws IOException {
        DatabaseBootstrapFunction function = new DatabaseBootstrapFunction(bootstrapContext);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        function.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                new TestLambdaContext("dbadmin-prod-bootstrap"));
        return JSON.readTree(out.toByteArray());
    }

    /** The role's credentials as its function reads them: from its own secret. */
    JsonNode credentials(String function) throws IOException {
        return JSON.readTree(secrets.getSecretValue(b -> b.secretId(secretArns.get(function))).secretString());
    }

    Connection connectAs(String function) throws Exception {
        JsonNode credentials = credentials(function);
        return DriverManager.getConnection(TestDatabase.jdbcUrl(), credentials.get("username").asText(),
                credentials.get("password").asText());
    }

    /** Runs {@code sql} as the function's role in a transaction that is rolled back; returns the SQLSTATE or "ok". */
    String attempt(String function, String sql) throws Exception {
        try (Connection connection = connectAs(function)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
                return "ok";
            } catch (SQLException e) {
                return e.getSQLState();
            } finally {
                connection.rollback();
            }
        }
    }

    @Test
    void eachFunctionGetsItsOwnRoleAndSecretAndTheDatabaseEnforcesItsGroup() throws Exception {
        JsonNode report = bootstrap("{}");
        assertEquals(FUNCTIONS.size(), report.get("roles").size(), report::toString);
        report.get("roles").forEach(row -> assertEquals("generated", row.get("password").asText(), row::toString));

        for (String function : FUNCTIONS) {
            JsonNode credentials = credentials(function);
            assertEquals(role(function), credentials.get("username").asText());
            assertTrue(credentials.get("password").asText().length() >= 32);
            try (Connection connection = connectAs(function); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls"
                         + " FROM pg_roles WHERE rolname = current_user")) {
                rs.next();
                for (int i = 1; i <= 4; i++) {
                    assertFalse(rs.getBoolean(i), function + ": no superuser, createrole, createdb or bypassrls");
                }
            }
            assertEquals("42501", attempt(function, "SELECT * FROM lambdalab.auth_tokens"),
                    function + ": a restricted table is unreadable by the database's own privileges");
            assertEquals("42501", attempt(function, "CREATE TABLE lambdalab.sneaky (id int)"), function + ": no DDL");
            assertEquals("42501", attempt(function, "UPDATE lambdalab.ledger SET amount = 0"), function + ": read-only table");
            assertEquals("ok", attempt(function, "INSERT INTO dbadmin.audit_log (user_id, authenticated, transport,"
                    + " operation, duration_ms, success) VALUES ('x', true, 'lambda', 'x', 1, true)"), function + ": audit rows");
        }
        SQLException wrongPassword = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(TestDatabase.jdbcUrl(), role("query"), "guessed").close());
        assertEquals("28P01", wrongPassword.getSQLState(), "the secrets' passwords are the ones the database checks");

        assertEquals("ok", attempt("query", "SELECT * FROM lambdalab.notes"));
        assertEquals("ok", attempt("query", "SELECT * FROM dbadmin.audit_log"));
        assertEquals("42501", attempt("query", "INSERT INTO lambdalab.notes (title) VALUES ('q')"));
        assertEquals("42501", attempt("query", "DELETE FROM dbadmin.audit_log"));

        assertEquals("ok", attempt("insert", "INSERT INTO lambdalab.notes (title) VALUES ('i')"));
        assertEquals("ok", attempt("insert", "UPDATE lambdalab.notes SET body = 'b'"));
        assertEquals("42501", attempt("insert", "TRUNCATE lambdalab.notes"));
        assertEquals("42501", attempt("insert", "SELECT * FROM dbadmin.audit_log"));

        assertEquals("42501", attempt("schema", "SELECT * FROM lambdalab.notes"), "the schema role reads no rows");
        assertEquals("ok", attempt("schema", "SELECT attname FROM pg_attribute WHERE attrelid = 'lambdalab.notes'::regclass"));

        assertEquals("ok", attempt("backup", "TRUNCATE lambdalab.notes"));
        assertEquals("ok", attempt("backup", "SELECT setval('lambdalab.notes_id_seq', 100)"));
        assertEquals("42501", attempt("backup", "DELETE FROM dbadmin.audit_log"));

        assertEquals("ok", attempt("scheduler", "DELETE FROM dbadmin.audit_log WHERE user_id = 'nobody'"));
    }

    @Test
    void theFunctionsServeTheirToolsLoggedInAsTheirOwnRole() throws Exception {
        bootstrap("{}");
        assertEquals("ok", call("query", QueryFunction::new, "{\"tool\":\"db_query_records\",\"arguments\":"
                + "{\"table\":\"lambdalab.notes\",\"limit\":1}}", "records"));
        assertEquals("ok", call("insert", InsertFunction::new, "{\"tool\":\"db_insert_record\",\"arguments\":"
                + "{\"table\":\"lambdalab.notes\",\"data\":{\"title\":\"as the insert role\"}}}", "record"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM lambdalab.notes WHERE title = 'as the insert role'"));
        assertEquals("ok", call("schema", SchemaFunction::new, "{\"tool\":\"db_get_schema\",\"arguments\":"
                + "{\"table\":\"lambdalab.notes\"}}", "columns"));
        assertEquals("ok", call("backup", BackupFunction::new, "{\"tool\":\"db_export_json\",\"arguments\":"
                + "{\"table\":\"lambdalab.notes\"}}", null));
    }

    /**
     * One call through a group function whose context has only the role's secret and no migrations, as the
     * Terraform configures it; returns "ok" when the answer has {@code field} (any non-error when null).
     */
    String call(String function, Function<ApplicationContext, GroupFunction> factory, String event, String field) throws Exception {
        Map<String, Object> properties = new HashMap<>(policy());
        properties.put("db-admin.database.secret-arn", secretArns.get(function));
        properties.put("db-admin.database.username", "");
        properties.put("db-admin.database.load-demo", "false");
        properties.put("flyway.datasources.default.enabled", "false");
        properties.put("test.record-calls", "true");
        try (ApplicationContext context = LambdaContexts.build(properties)) {
            GroupFunction handler = factory.apply(context);
            context.getBean(CatalogCache.class).refresh();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                    new TestLambdaContext("dbadmin-prod-" + function));
            JsonNode answer = JSON.readTree(out.toByteArray());
            assertFalse(answer.has("error"), () -> function + ": " + answer);
            assertEquals(Transport.LAMBDA, context.getBean(RecordingListener.class).last().caller().transport());
            try (Connection connection = context.getBean(javax.sql.DataSource.class).getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT current_user")) {
                rs.next();
                assertEquals(role(function), rs.getString(1), "the function's pool logs in as its own role");
            }
            return field == null || answer.has(field) ? "ok" : answer.toString();
        }
    }

    @Test
    void aSecondRunKeepsThePasswordsAndRotationReplacesThem() throws Exception {
        bootstrap("{}");
        String before = credentials("query").get("password").asText();
        JsonNode again = bootstrap("{}");
        again.get("roles").forEach(row -> assertEquals("kept", row.get("password").asText(), row::toString));
        assertEquals(before, credentials("query").get("password").asText());

        JsonNode rotated = bootstrap("{\"rotate\": true}");
        rotated.get("roles").forEach(row -> assertEquals("generated", row.get("password").asText()));
        assertNotEquals(before, credentials("query").get("password").asText());
        assertEquals("ok", attempt("query", "SELECT 1"), "the rotated secret logs in");
    }
}
