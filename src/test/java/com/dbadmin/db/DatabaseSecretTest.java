package com.dbadmin.db;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.call.Transport;
import com.dbadmin.support.MotoServer;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.tool.ToolInvoker;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * DB_SECRET_ARN against a real Secrets Manager API (moto_server on loopback) and a PostgreSQL role that must
 * authenticate with its password (scram-sha-256 for this role only): the pool connects with the secret's
 * credentials, and picks up a rotated password from the secret when PostgreSQL rejects the old one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseSecretTest {
    private static final String ROLE = "secret_lab_user";

    MotoServer moto;
    SecretsManagerClient secrets;
    String secretArn;
    AutoCloseable passwordRequired;

    @BeforeAll
    void start() throws Exception {
        moto = MotoServer.start();
        MotoServer.useTestCredentials();
        System.setProperty("aws.endpointUrlSecretsManager", moto.endpoint());
        secrets = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create(moto.endpoint())).build();
        secretArn = secrets.createSecret(b -> b.name("dbadmin/test/" + System.nanoTime())
                .secretString(credentials("first-pass"))).arn();

        TestDatabase.execute("DROP SCHEMA IF EXISTS secretlab CASCADE; DROP ROLE IF EXISTS " + ROLE + ";"
                + "CREATE ROLE " + ROLE + " LOGIN PASSWORD 'first-pass';"
                + "CREATE SCHEMA secretlab; CREATE TABLE secretlab.items (id int PRIMARY KEY, name text);"
                + "INSERT INTO secretlab.items VALUES (1, 'kept');"
                + "GRANT USAGE ON SCHEMA secretlab TO " + ROLE + "; GRANT SELECT ON secretlab.items TO " + ROLE + ";"
                // The server's own schema (audit log, migration history), as the deployed role has it.
                + "CREATE SCHEMA IF NOT EXISTS dbadmin; GRANT USAGE, CREATE ON SCHEMA dbadmin TO " + ROLE + ";"
                + "GRANT ALL ON ALL TABLES IN SCHEMA dbadmin TO " + ROLE + ";"
                + "GRANT ALL ON ALL SEQUENCES IN SCHEMA dbadmin TO " + ROLE + ";");
        requirePasswordFor(ROLE);
    }

    @AfterAll
    void stop() throws Exception {
        if (passwordRequired != null) {
            passwordRequired.close();
        }
        System.clearProperty("aws.endpointUrlSecretsManager");
        if (secrets != null) {
            secrets.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    /** The test server trusts its clients; this role alone must present its password. */
    private void requirePasswordFor(String role) {
        passwordRequired = TestDatabase.requirePasswords(java.util.List.of(role));
        SQLException refused = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(TestDatabase.jdbcUrl(), role, "wrong").close());
        assertEquals("28P01", refused.getSQLState(), "the role's password is checked");
    }

    private static String credentials(String password) {
        return "{\"username\":\"" + ROLE + "\",\"password\":\"" + password + "\",\"engine\":\"postgres\"}";
    }

    private ApplicationContext context() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("db-admin.database.url", TestDatabase.jdbcUrl());
        properties.put("db-admin.database.secret-arn", secretArn);
        properties.put("db-admin.database.pool-size", "2");
        properties.put("micronaut.server.port", "-1");
        return ApplicationContext.builder().properties(properties).start();
    }

    private static String currentUser(HikariDataSource pool) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void connectsWithTheSecretsCredentialsAndFollowsARotation() throws Exception {
        try (ApplicationContext context = context()) {
            HikariDataSource pool = context.getBean(HikariDataSource.class);
            assertEquals(ROLE, currentUser(pool));
            ToolOutcome outcome = context.getBean(ToolInvoker.class).invoke("db_query_records",
                    new ObjectMapper().readTree("{\"table\":\"secretlab.items\"}"), CallContext.local("test", Transport.LAMBDA));
            assertTrue(outcome.success(), () -> outcome.error().getMessage());
            assertEquals("kept", outcome.result().get("records").get(0).get("name").asText());

            // RDS rotates the password: the database and the secret change, pooled connections are replaced.
            TestDatabase.execute("ALTER ROLE " + ROLE + " PASSWORD 'second-pass'");
            secrets.putSecretValue(b -> b.secretId(secretArn).secretString(credentials("second-pass")));
            pool.getHikariPoolMXBean().softEvictConnections();

            assertEquals(ROLE, currentUser(pool), "a new connection re-reads the rotated secret");
        } finally {
            TestDatabase.execute("ALTER ROLE " + ROLE + " PASSWORD 'first-pass'");
            secrets.putSecretValue(b -> b.secretId(secretArn).secretString(credentials("first-pass")));
        }
    }

    @Test
    void aSecretWithoutCredentialsStopsStartupWithoutShowingItsValue() {
        String arn = secrets.createSecret(b -> b.name("dbadmin/broken/" + System.nanoTime())
                .secretString("{\"user\":\"x\",\"pw\":\"s3cr3t-value\"}")).arn();
        Map<String, Object> properties = new HashMap<>();
        properties.put("db-admin.database.url", TestDatabase.jdbcUrl());
        properties.put("db-admin.database.secret-arn", arn);
        properties.put("micronaut.server.port", "-1");
        Throwable failure = assertThrows(Exception.class, () -> {
            try (ApplicationContext context = ApplicationContext.builder().properties(properties).start()) {
                context.getBean(HikariDataSource.class);
            }
        });
        String messages = messages(failure);
        assertTrue(messages.contains("\"username\" and \"password\""), messages);
        assertFalse(messages.contains("s3cr3t-value"), messages);
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
