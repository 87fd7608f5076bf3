package com.dbadmin.db.named;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads DB_ADMIN_DATABASES (db-admin.databases): {@code name=jdbc-url} pairs separated by commas, or the path
 * of a JSON file holding an array of {@code {name, url, user, password | secret_arn, restricted_tables,
 * read_only_tables, pool_size, direct_url, read_replica_url}}. Blank: one database, configured as without this setting.
 * Any mistake is an {@link IllegalArgumentException} naming the setting, so the server does not start on it.
 */
public final class NamedDatabases {
    public static final String PROPERTY = "db-admin.databases";
    private static final String SETTING = "DB_ADMIN_DATABASES (" + PROPERTY + ")";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Set<String> FIELDS = Set.of("name", "url", "user", "password", "secret_arn",
            "restricted_tables", "read_only_tables", "pool_size", "direct_url", "read_replica_url");

    private NamedDatabases() {
    }

    public static List<NamedDatabase> parse(String configured) {
        if (configured == null || configured.isBlank()) {
            return List.of();
        }
        String value = configured.trim();
        List<NamedDatabase> databases = isFile(value) ? fromFile(Path.of(value)) : fromPairs(value);
        Set<String> names = new HashSet<>();
        for (NamedDatabase database : databases) {
            if (!NAME.matcher(database.name()).matches()) {
                throw invalid("'" + database.name() + "' is not a database name: lower-case letters, digits and _,"
                        + " starting with a letter, at most 63 characters");
            }
            if (!names.add(database.name())) {
                throw invalid("the database name '" + database.name() + "' appears twice");
            }
            if (database.url() == null || database.url().isBlank()) {
                throw invalid("the database '" + database.name() + "' has no url");
            }
            if (database.poolSize() != null && database.poolSize() < 1) {
                throw invalid("pool_size of '" + database.name() + "' must be at least 1");
            }
        }
        if (databases.isEmpty()) {
            throw invalid("names no database");
        }
        return List.copyOf(databases);
    }

    /** A value without {@code =} can only be a file; one with it is a file only when that file exists. */
    private static boolean isFile(String value) {
        if (!value.contains("=")) {
            return true;
        }
        try {
            return Files.isRegularFile(Path.of(value));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static List<NamedDatabase> fromPairs(String value) {
        List<NamedDatabase> databases = new ArrayList<>();
        for (String pair : value.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals < 0) {
                throw invalid("'" + pair.trim() + "' is not name=url");
            }
            databases.add(new NamedDatabase(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim(),
                    null, null, null, null, null, null, null, null));
        }
        return databases;
    }

    private static List<NamedDatabase> fromFile(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException | InvalidPathException e) {
            throw invalid("'" + file + "' is neither name=url pairs nor a readable JSON file (" + e.getMessage() + ")");
        }
        if (root == null || !root.isArray()) {
            throw invalid(file + " must hold a JSON array of databases");
        }
        List<NamedDatabase> databases = new ArrayList<>();
        for (JsonNode entry : root) {
            if (!entry.isObject()) {
                throw invalid(file + ": every database is a JSON object");
            }
            for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!FIELDS.contains(field)) {
                    throw invalid(file + ": unknown field '" + field + "' (known: " + String.join(", ",
                            FIELDS.stream().sorted().toList()) + ")");
                }
            }
            if (entry.has("password") && entry.has("secret_arn")) {
                throw invalid(file + ": give password or secret_arn, not both");
            }
            databases.add(new NamedDatabase(text(entry, "name", file), text(entry, "url", file), text(entry, "user", file),
                    text(entry, "password", file), text(entry, "secret_arn", file),
                    tables(entry, "restricted_tables", file), tables(entry, "read_only_tables", file),
                    poolSize(entry, file), text(entry, "direct_url", file), text(entry, "read_replica_url", file)));
        }
        return databases;
    }

    private static String text(JsonNode entry, String field, Path file) {
        JsonNode value = entry.get(field);
        if (value == null || value.isNull()) {
            return field.equals("name") ? "" : null;
        }
        if (!value.isTextual()) {
            throw invalid(file + ": " + field + " must be a string");
        }
        return value.asText();
    }

    /** A JSON array of table names, or the comma-separated form DB_ADMIN_RESTRICTED_TABLES uses. */
    private static List<String> tables(JsonNode entry, String field, Path file) {
        JsonNode value = entry.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return Arrays.stream(value.asText().split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        }
        if (!value.isArray()) {
            throw invalid(file + ": " + field + " must be an array of table names");
        }
        List<String> tables = new ArrayList<>();
        for (JsonNode table : value) {
            if (!table.isTextual() || table.asText().contains(",")) {
                throw invalid(file + ": " + field + " must be an array of table names");
            }
            tables.add(table.asText().trim());
        }
        return tables;
    }

    private static Integer poolSize(JsonNode entry, Path file) {
        JsonNode value = entry.get("pool_size");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw invalid(file + ": pool_size must be a whole number");
        }
        return value.intValue();
    }

    private static IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException(SETTING + ": " + problem);
    }
}
