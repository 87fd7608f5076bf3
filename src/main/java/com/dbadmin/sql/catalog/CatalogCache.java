package com.dbadmin.sql.catalog;

import com.dbadmin.call.ToolException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The live catalogue of tables and columns, loaded in one query and cached. Every identifier a tool
 * puts into SQL comes from here, so input is only ever used as a lookup key. A name that is not found
 * triggers one refresh (throttled) before the tool reports it missing, so new tables appear at once.
 */
@Singleton
public class CatalogCache {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogCache.class);

    static final String CATALOG_SQL = """
            SELECT c.oid, n.nspname, c.relname, c.relkind, a.attname, a.attnum,
                   format_type(a.atttypid, a.atttypmod) AS declared_type,
                   format_type(a.atttypid, NULL) AS cast_type,
                   t.typname, t.typcategory, a.attnotnull, a.atthasdef,
                   pg_get_expr(d.adbin, d.adrelid) AS default_expr,
                   a.attidentity, a.attgenerated, col_description(c.oid, a.attnum) AS comment,
                   COALESCE(a.attnum = ANY(pk.conkey), false) AS in_pk,
                   array_position(pk.conkey, a.attnum) AS pk_position
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
            LEFT JOIN pg_constraint pk ON pk.conrelid = c.oid AND pk.contype = 'p'
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
              AND NOT c.relispartition
            ORDER BY n.nspname, c.relname, a.attnum
            """;

    private static final String EXISTS_SQL = """
            SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND (lower(c.relname) = lower(?) OR lower(n.nspname || '.' || c.relname) = lower(?))
            LIMIT 1
            """;

    private final DataSource dataSource;
    private final Duration ttl;
    private final Clock clock;
    private volatile Snapshot snapshot;

    CatalogCache(DataSource dataSource, CatalogSettings settings, Clock clock) {
        this.dataSource = dataSource;
        this.ttl = settings.ttl();
        this.clock = clock;
    }

    /**
     * Resolves {@code table} or {@code schema.table}. An unknown name triggers a reload only when a
     * cheap catalogue probe says such a relation now exists, so random names cannot force reloads.
     */
    public TableInfo resolve(String reference) {
        Optional<TableInfo> found = current().find(reference);
        if (found.isEmpty() && existsInDatabase(reference)) {
            found = refresh().find(reference);
        }
        return found.orElseThrow(() -> notFound(reference));
    }

    /**
     * The answer for a table name that names nothing a caller may see. Hidden tables (restricted, or
     * reading restricted rows) get exactly this answer too, so an answer never tells whether they exist.
     */
    public static ToolException notFound(String reference) {
        return ToolException.notFound(
                "Table '" + reference + "' was not found. Use db_list_tables to see the tables you can access.");
    }

    public Optional<TableInfo> find(String reference) {
        return current().find(reference);
    }

    public Collection<TableInfo> tables() {
        return current().tables.values();
    }

    /** The current snapshot, reloaded first when it is older than the TTL (db-admin.catalog.ttl). */
    public Snapshot current() {
        Snapshot current = snapshot;
        if (current == null || current.loadedAt.plus(ttl).isBefore(clock.instant())) {
            return refresh();
        }
        return current;
    }

    public synchronized Snapshot refresh() {
        try (Connection connection = dataSource.getConnection()) {
            Snapshot loaded = load(connection, clock);
            snapshot = loaded;
            LOG.debug("Catalogue loaded: {} tables", loaded.tables.size());
            return loaded;
        } catch (SQLException e) {
            throw com.dbadmin.call.SqlErrors.translate(e);
        }
    }

    /**
     * Something loaded from the database and kept with a snapshot.
     *
     * @param loadedAt  when it was read from the database
     * @param fromCache whether this answer reused an earlier load (false: loaded for this request)
     */
    public record Cached<T>(T value, Instant loadedAt, boolean fromCache) {
    }

    /** Loads a value kept with the snapshot (introspection details, the relationship graph). */
    @FunctionalInterface
    public interface Loader<T> {
        T load() throws SQLException;
    }

    /** Drops the snapshot so the next lookup reloads (after DDL through the tools). */
    public void invalidate() {
        snapshot = null;
    }

    private boolean existsInDatabase(String reference) {
        if (reference == null || reference.isBlank() || reference.length() > 300) {
            return false;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(EXISTS_SQL)) {
            statement.setString(1, reference);
            statement.setString(2, reference);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw com.dbadmin.call.SqlErrors.translate(e);
        }
    }

    private static Snapshot load(Connection connection, Clock clock) throws SQLException {
        Map<String, TableBuilder> builders = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(CATALOG_SQL);
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                String schema = rs.getString("nspname");
                String name = rs.getString("relname");
                TableBuilder table = builders.computeIfAbsent(schema + "." + name,
                        key -> {
                            try {
                                return new TableBuilder(rs.getLong("oid"), schema, name,
                                        TableKind.of(rs.getString("relkind").charAt(0)));
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        });
                String typcategory = rs.getString("typcategory");
                ColumnInfo column = new ColumnInfo(rs.getString("attname"), rs.getInt("attnum"),
                        rs.getString("declared_type"), rs.getString("cast_type"), rs.getString("typname"),
                        typcategory == null || typcategory.isEmpty() ? 'X' : typcategory.charAt(0),
                        !rs.getBoolean("attnotnull"), rs.getBoolean("atthasdef") || !rs.getString("attidentity").isEmpty(),
                        rs.getString("default_expr"), rs.getString("attidentity"), rs.getString("attgenerated"),
                        rs.getString("comment"));
                table.columns.add(column);
                int pkPosition = rs.getInt("pk_position");
                if (!rs.wasNull()) {
                    table.primaryKey.put(pkPosition, column.name());
                }
            }
        }
        Map<String, TableInfo> tables = new LinkedHashMap<>();
        builders.forEach((key, b) -> tables.put(key, new TableInfo(b.oid, b.schema, b.name, b.kind, b.columns,
                new ArrayList<>(new java.util.TreeMap<>(b.primaryKey).values()))));
        return new Snapshot(tables, DataFlow.load(connection), clock);
    }

    private static final class TableBuilder {
        final long oid;
        final String schema;
        final String name;
        final TableKind kind;
        final List<ColumnInfo> columns = new ArrayList<>();
        final Map<Integer, String> primaryKey = new HashMap<>();

        TableBuilder(long oid, String schema, String name, TableKind kind) {
            this.oid = oid;
            this.schema = schema;
            this.name = name;
            this.kind = kind;
        }
    }

    /** An immutable view of the catalogue at one moment. */
    public static final class Snapshot {
        private final Map<String, TableInfo> tables;
        private final DataFlow dataFlow;
        private final Map<String, List<TableInfo>> byName = new HashMap<>();
        private final Map<String, List<TableInfo>> byLowerQualified = new HashMap<>();
        private final Clock clock;
        private final Instant loadedAt;
        /** Details loaded on demand for this snapshot; they expire with it (TTL, refresh, DDL). */
        private final java.util.concurrent.ConcurrentHashMap<String, Cached<?>> memo =
                new java.util.concurrent.ConcurrentHashMap<>();

        Snapshot(Map<String, TableInfo> tables, DataFlow dataFlow, Clock clock) {
            this.tables = Map.copyOf(tables);
            this.dataFlow = dataFlow;
            this.clock = clock;
            this.loadedAt = clock.instant();
            for (TableInfo table : tables.values()) {
                byName.computeIfAbsent(table.name(), k -> new ArrayList<>()).add(table);
                byLowerQualified.computeIfAbsent(table.qualifiedName().toLowerCase(Locale.ROOT),
                        k -> new ArrayList<>()).add(table);
                byLowerQualified.computeIfAbsent("~" + table.name().toLowerCase(Locale.ROOT),
                        k -> new ArrayList<>()).add(table);
            }
        }

        public Collection<TableInfo> tables() {
            return tables.values();
        }

        /** Views' sources, descendants and foreign-key actions as of this snapshot. */
        public DataFlow dataFlow() {
            return dataFlow;
        }

        /** The relation named exactly {@code schema.name}, if tools can work with it. */
        public Optional<TableInfo> table(String schema, String name) {
            return Optional.ofNullable(tables.get(schema + "." + name));
        }

        /** Relations of exactly this name, in any schema. */
        public List<TableInfo> named(String name) {
            return byName.getOrDefault(name, List.of());
        }

        /** When the table and column list was read from the database. */
        public Instant loadedAt() {
            return loadedAt;
        }

        /**
         * The value kept under {@code key}, loading it first if this snapshot has none. Concurrent first
         * requests may both load; the first stored value wins.
         */
        @SuppressWarnings("unchecked")
        public <T> Cached<T> memo(String key, Loader<T> loader) throws SQLException {
            Cached<T> cached = (Cached<T>) memo.get(key);
            if (cached != null) {
                return new Cached<>(cached.value(), cached.loadedAt(), true);
            }
            Cached<T> loaded = new Cached<>(loader.load(), clock.instant(), false);
            Cached<T> raced = (Cached<T>) memo.putIfAbsent(key, loaded);
            return raced == null ? loaded : new Cached<>(raced.value(), raced.loadedAt(), true);
        }

        /**
         * Resolution order: exact {@code schema.table}; a table of that exact name in {@code public};
         * a unique table of that exact name in another schema; then the same steps ignoring case
         * (clients often write {@code Books} for {@code books}).
         */
        Optional<TableInfo> find(String reference) {
            if (reference == null || reference.isBlank()) {
                return Optional.empty();
            }
            TableInfo qualified = tables.get(reference);
            if (qualified != null) {
                return Optional.of(qualified);
            }
            TableInfo inPublic = tables.get("public." + reference);
            if (inPublic != null) {
                return Optional.of(inPublic);
            }
            List<TableInfo> named = byName.get(reference);
            if (named != null && named.size() == 1) {
                return Optional.of(named.get(0));
            }
            String lower = reference.toLowerCase(Locale.ROOT);
            List<TableInfo> folded = byLowerQualified.get(lower);
            if (folded != null && folded.size() == 1) {
                return Optional.of(folded.get(0));
            }
            List<TableInfo> foldedPublic = byLowerQualified.get("public." + lower);
            if (foldedPublic != null && foldedPublic.size() == 1) {
                return Optional.of(foldedPublic.get(0));
            }
            List<TableInfo> foldedName = byLowerQualified.get("~" + lower);
            if (foldedName != null && foldedName.size() == 1) {
                return Optional.of(foldedName.get(0));
            }
            return Optional.empty();
        }
    }
}
