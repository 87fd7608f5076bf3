package com.dbadmin.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * One real PostgreSQL for the whole test JVM, started on first use: a postgres container where Docker exists,
 * the embedded server where it does not ({@link TestPostgres} chooses and says which). Every Micronaut test
 * context points at it through {@link #properties()}.
 */
public final class TestDatabase {
    private static TestPostgres.Server server;

    private TestDatabase() {
    }

    /** Starts the server on first use. */
    public static synchronized TestPostgres.Server postgres() {
        if (server == null) {
            server = TestPostgres.start();
        }
        return server;
    }

    /** The test server's postgres database as a plain (unpooled) data source. */
    public static javax.sql.DataSource dataSource() {
        org.postgresql.ds.PGSimpleDataSource source = new org.postgresql.ds.PGSimpleDataSource();
        source.setURL(jdbcUrl());
        source.setUser("postgres");
        return source;
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://" + host() + ":" + port() + "/postgres";
    }

    public static String host() {
        return postgres().host();
    }

    public static int port() {
        return postgres().port();
    }

    /** Makes these roles present their password (scram-sha-256); close the result to trust them again. */
    public static AutoCloseable requirePasswords(java.util.List<String> roles) {
        return postgres().requirePasswords(roles);
    }

    /** Properties that point a server context at the test database with the demo schema loaded. */
    private static java.nio.file.Path backupDir;

    /** One backup folder per test JVM (tests that compare backups use folders of their own). */
    public static synchronized java.nio.file.Path backupDir() {
        if (backupDir == null) {
            try {
                backupDir = java.nio.file.Files.createTempDirectory("dbadmin-test-backups");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return backupDir;
    }

    public static Map<String, String> properties() {
        Map<String, String> properties = new HashMap<>();
        properties.put("db-admin.database.url", jdbcUrl());
        properties.put("db-admin.database.username", "postgres");
        properties.put("db-admin.database.load-demo", "true");
        properties.put("db-admin.embedded.demo-books", "2000");
        properties.put("db-admin.database.pool-size", "5");
        properties.put("micronaut.server.port", "-1");
        // Tests make hundreds of calls as one principal; RateLimitTest turns the limit on where it is tested.
        properties.put("db-admin.rate-limit.requests", "0");
        // The server creates and maintains its SQL role, as it does on the embedded database, so db_execute_sql exists.
        properties.put("db-admin.sql.manage-role", "true");
        // Backups of tests go to a temporary folder, never into the working tree; so does the signing key
        // generated on the first backup (one per test JVM, shared by every context like one server's).
        properties.put("db-admin.backup.dir", backupDir().toString());
        properties.put("db-admin.backup.signing-key-file", backupDir().getParent().resolve(backupDir().getFileName()
                + "-signing.key").toString());
        return properties;
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", null);
    }

    /** Runs SQL directly, outside the server: fixtures and verification. */
    public static void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String sqlReturningOneNumber) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             var rs = statement.executeQuery(sqlReturningOneNumber)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
