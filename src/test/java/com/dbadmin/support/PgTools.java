package com.dbadmin.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL's own client programs (psql, pg_dump) against the test server, and the comparisons the
 * fidelity tests make: normalised schema dumps and per-table content checksums.
 */
public final class PgTools {
    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    private PgTools() {
    }

    public static Path binary(String name) {
        Path path = BIN.resolve(name);
        assertTrue(Files.isExecutable(path), () -> name + " not found at " + path
                + ": install the PostgreSQL 15 client (apt-get install postgresql-client-15)");
        return path;
    }

    /** Runs psql on a file, stopping at the first error; returns psql's output. */
    public static String psqlFile(String database, Path file) {
        return run(List.of(binary("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", TestDatabase.host(),
                "-p", Integer.toString(TestDatabase.port()), "-U", "postgres", "-d", database, "-f", file.toString()));
    }

    /**
     * pg_dump --schema-only without comments, blank lines and session noise: comparable text. The
     * server's own schema (audit log, migration history) is left out: each server creates it in the
     * database it serves, and backups never carry it.
     */
    public static String schema(String database, String... excludedTables) {
        List<String> command = new ArrayList<>(List.of(binary("pg_dump").toString(), "--schema-only", "--no-owner",
                "--no-privileges", "--exclude-schema=dbadmin", "-h", TestDatabase.host(), "-p", Integer.toString(TestDatabase.port()), "-U", "postgres"));
        for (String table : excludedTables) {
            command.add("--exclude-table=" + table);
        }
        command.add(database);
        return run(command).lines()
                .filter(line -> !line.isBlank() && !line.startsWith("--") && !line.startsWith("\\restrict")
                        && !line.startsWith("\\unrestrict"))
                .collect(Collectors.joining("\n"));
    }

    /** md5 of every table's and populated materialized view's rows (sorted text form), by name. */
    public static Map<String, String> contentChecksums(String database, String... schemas) {
        Map<String, String> sums = new TreeMap<>();
        String list = java.util.Arrays.stream(schemas).map(s -> "'" + s.replace("'", "''") + "'")
                .collect(Collectors.joining(","));
        try (Connection connection = Databases.connect(database); Statement statement = connection.createStatement()) {
            List<String[]> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT n.nspname, c.relname, format('%I.%I', n.nspname, c.relname)"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN (" + list + ")"
                    + " AND (c.relkind IN ('r', 'p') OR (c.relkind = 'm' AND c.relispopulated)) ORDER BY 1, 2")) {
                while (rs.next()) {
                    tables.add(new String[]{rs.getString(1) + "." + rs.getString(2), rs.getString(3)});
                }
            }
            for (String[] table : tables) {
                try (ResultSet rs = statement.executeQuery("SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|'"
                        + " ORDER BY t::text), '')) FROM " + table[1] + " t")) {
                    rs.next();
                    sums.put(table[0], rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return sums;
    }

    /** last_value and is_called of every sequence in the schemas. */
    public static Map<String, String> sequences(String database, String... schemas) {
        Map<String, String> values = new TreeMap<>();
        String list = java.util.Arrays.stream(schemas).map(s -> "'" + s.replace("'", "''") + "'")
                .collect(Collectors.joining(","));
        try (Connection connection = Databases.connect(database); Statement statement = connection.createStatement()) {
            List<String[]> sequences = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT n.nspname || '.' || c.relname, format('%I.%I', n.nspname,"
                    + " c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'S'"
                    + " AND n.nspname IN (" + list + ") ORDER BY 1")) {
                while (rs.next()) {
                    sequences.add(new String[]{rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] sequence : sequences) {
                try (ResultSet rs = statement.executeQuery("SELECT last_value || '/' || is_called FROM " + sequence[1])) {
                    rs.next();
                    values.put(sequence[0], rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return values;
    }

    public static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command.get(0) + " exited with " + process.exitValue() + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
