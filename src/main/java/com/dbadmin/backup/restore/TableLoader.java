package com.dbadmin.backup.restore;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;
import com.dbadmin.sql.catalog.Identifiers;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Loads rows into a table inside the caller's transaction. Into a table the restore just created, rows
 * go straight in with COPY. Into an existing table they are copied into a temporary staging table
 * first and merged with one INSERT ... SELECT, whose ON CONFLICT clause implements skip / overwrite
 * and whose RETURNING tells inserted rows from updated ones. The user triggers and rules of an existing
 * table are switched off during the load, so restored rows keep the values they had in the backup
 * (and ON CONFLICT, which PostgreSQL refuses on a table with rules, can be used).
 */
public final class TableLoader {
    private static final String STAGE = "dbadmin_load_stage";

    private final Connection connection;
    private final CopyManager copy;

    public TableLoader(Connection connection) throws SQLException {
        this.connection = connection;
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
    }

    /** Fills the staging table (whose columns are the loaded columns) and returns how many rows it got. */
    @FunctionalInterface
    public interface StageFiller {
        long fill(String stageName, List<String> columns) throws SQLException, IOException;
    }

    /** COPY text rows straight into a table (a table this transaction created: no conflicts possible). */
    public long copyText(String schema, String table, List<String> columns, InputStream rows) throws SQLException, IOException {
        return copy.copyIn("COPY " + Identifiers.qualified(schema, table) + columnList(columns) + " FROM STDIN", rows);
    }

    /** COPY rows in the given format into the staging table: a StageFiller for backup data and CSV. */
    public StageFiller copyFiller(InputStream rows, String options) {
        return (stage, columns) -> copy.copyIn("COPY pg_temp." + Identifiers.quote(stage) + columnList(columns)
                + " FROM STDIN" + (options == null ? "" : " WITH (" + options + ")"), rows);
    }

    /** Loads rows into an existing table through a staging table, applying the conflict mode. */
    public LoadResult merge(String schema, String table, List<String> columns, ConflictMode mode, StageFiller filler)
            throws SQLException, IOException {
        String target = Identifiers.qualified(schema, table);
        TargetInfo info = inspect(schema, table);
        List<String> missing = columns.stream().filter(c -> !info.columns.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new ToolException(ErrorCode.DB_409_CONFLICT, "Table " + schema + "." + table
                    + " has no column(s) " + missing + " that the incoming rows carry; its structure differs."
                    + " Restore into another schema (targetSchema) or with dropExisting.");
        }
        // Generated columns can ride along in the incoming rows (exports carry them); the database
        // computes them again, so they stay out of the insert.
        List<String> inserted = columns.stream().filter(c -> !info.generated.contains(c)).toList();
        String stage = STAGE;
        execute("DROP TABLE IF EXISTS pg_temp." + Identifiers.quote(stage));
        execute("CREATE TEMP TABLE " + Identifiers.quote(stage) + " ON COMMIT DROP AS SELECT " + quoted(columns)
                + " FROM " + target + " WITH NO DATA");
        long rows = filler.fill(stage, columns);
        if (info.writeRules) {
            return mergeByKey(target, info, inserted, mode, rows, schema + "." + table);
        }
        StringBuilder insert = new StringBuilder("INSERT INTO ").append(target).append(columnList(inserted));
        if (inserted.stream().anyMatch(info.identityAlways::contains)) {
            insert.append(" OVERRIDING SYSTEM VALUE");
        }
        insert.append(" SELECT ").append(quoted(inserted)).append(" FROM pg_temp.").append(Identifiers.quote(stage));
        switch (mode) {
            case ERROR -> {
                // No ON CONFLICT: a duplicate key fails the statement and with it the whole operation.
            }
            case SKIP -> insert.append(" ON CONFLICT DO NOTHING");
            case OVERWRITE -> {
                if (info.primaryKey.isEmpty()) {
                    throw ToolException.validation("onConflict 'overwrite' needs a primary key, and " + schema + "."
                            + table + " has none; use 'skip' or 'error'.");
                }
                List<String> updates = inserted.stream().filter(c -> !info.primaryKey.contains(c)).toList();
                insert.append(" ON CONFLICT ").append(columnList(info.primaryKey));
                if (updates.isEmpty()) {
                    insert.append(" DO NOTHING");
                } else {
                    insert.append(" DO UPDATE SET ").append(updates.stream()
                            .map(c -> Identifiers.quote(c) + " = EXCLUDED." + Identifiers.quote(c))
                            .collect(Collectors.joining(", ")));
                }
            }
        }
        insert.append(" RETURNING (xmax = 0) AS inserted");
        long insertedRows;
        long updated;
        disableTriggers(target, info);
        disableRules(target, info);
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("WITH changed AS (" + insert
                     + ") SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM changed")) {
            rs.next();
            insertedRows = rs.getLong(1);
            updated = rs.getLong(2);
        }
        enableTriggers(target, info);
        enableRules(target, info);
        execute("DROP TABLE pg_temp." + Identifiers.quote(stage));
        return new LoadResult(rows, insertedRows, updated, rows - insertedRows - updated);
    }

    /**
     * The merge for a table with INSERT or UPDATE rules, where PostgreSQL refuses ON CONFLICT: rows whose
     * primary key exists are updated (overwrite) or left alone (skip) by key, the others inserted.
     */
    private LoadResult mergeByKey(String target, TargetInfo info, List<String> inserted, ConflictMode mode, long rows,
                                  String name) throws SQLException {
        if (mode != ConflictMode.ERROR && info.primaryKey.isEmpty()) {
            throw ToolException.validation("onConflict '" + mode.id() + "' on " + name + " (a table with rules) needs a"
                    + " primary key, and it has none; use 'error'.");
        }
        String stage = "pg_temp." + Identifiers.quote(STAGE);
        String matches = info.primaryKey.stream().map(c -> "t." + Identifiers.quote(c) + " = s." + Identifiers.quote(c))
                .collect(Collectors.joining(" AND "));
        disableTriggers(target, info);
        disableRules(target, info);
        long updated = 0;
        List<String> updates = inserted.stream().filter(c -> !info.primaryKey.contains(c)).toList();
        try (Statement statement = connection.createStatement()) {
            if (mode == ConflictMode.OVERWRITE && !updates.isEmpty()) {
                updated = statement.executeUpdate("UPDATE " + target + " t SET " + updates.stream()
                        .map(c -> Identifiers.quote(c) + " = s." + Identifiers.quote(c)).collect(Collectors.joining(", "))
                        + " FROM " + stage + " s WHERE " + matches);
            }
            String insert = "INSERT INTO " + target + columnList(inserted)
                    + (inserted.stream().anyMatch(info.identityAlways::contains) ? " OVERRIDING SYSTEM VALUE" : "")
                    + " SELECT " + inserted.stream().map(c -> "s." + Identifiers.quote(c)).collect(Collectors.joining(", "))
                    + " FROM " + stage + " s"
                    + (mode == ConflictMode.ERROR ? "" : " WHERE NOT EXISTS (SELECT 1 FROM " + target + " t WHERE " + matches + ")");
            long insertedRows = statement.executeUpdate(insert);
            enableTriggers(target, info);
            enableRules(target, info);
            execute("DROP TABLE " + stage);
            return new LoadResult(rows, insertedRows, updated, rows - insertedRows - updated);
        }
    }

    /** Switches off the user triggers that would fire during the load (enabled, or enabled always). */
    private void disableTriggers(String target, TargetInfo info) throws SQLException {
        for (String trigger : info.enabledTriggers.keySet()) {
            execute("ALTER TABLE " + target + " DISABLE TRIGGER " + Identifiers.quote(trigger));
        }
    }

    private void disableRules(String target, TargetInfo info) throws SQLException {
        for (String rule : info.enabledRules.keySet()) {
            execute("ALTER TABLE " + target + " DISABLE RULE " + Identifiers.quote(rule));
        }
    }

    /** Back to the state each rule had: enabled, or enabled always / on replicas. */
    private void enableRules(String target, TargetInfo info) throws SQLException {
        for (Map.Entry<String, String> rule : info.enabledRules.entrySet()) {
            String mode = switch (rule.getValue()) {
                case "A" -> "ENABLE ALWAYS";
                case "R" -> "ENABLE REPLICA";
                default -> "ENABLE";
            };
            execute("ALTER TABLE " + target + " " + mode + " RULE " + Identifiers.quote(rule.getKey()));
        }
    }

    /** Back to the state each trigger had: enabled, or enabled always. */
    private void enableTriggers(String target, TargetInfo info) throws SQLException {
        for (Map.Entry<String, String> trigger : info.enabledTriggers.entrySet()) {
            String mode = "A".equals(trigger.getValue()) ? "ENABLE ALWAYS" : "ENABLE";
            execute("ALTER TABLE " + target + " " + mode + " TRIGGER " + Identifiers.quote(trigger.getKey()));
        }
    }

    /** What the merge needs to know about an existing table, read from the catalogue. */
    public TargetInfo inspect(String schema, String table) throws SQLException {
        TargetInfo info = new TargetInfo();
        String columns = """
                SELECT a.attname, a.attgenerated <> '', a.attidentity = 'a'
                FROM pg_attribute a
                WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum""";
        try (PreparedStatement statement = connection.prepareStatement(columns)) {
            statement.setString(1, Identifiers.qualified(schema, table));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    info.columns.add(rs.getString(1));
                    if (rs.getBoolean(2)) {
                        info.generated.add(rs.getString(1));
                    }
                    if (rs.getBoolean(3)) {
                        info.identityAlways.add(rs.getString(1));
                    }
                }
            }
        }
        String key = """
                SELECT a.attname FROM pg_constraint c
                JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, position) ON true
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
                WHERE c.conrelid = to_regclass(?) AND c.contype = 'p' ORDER BY k.position""";
        try (PreparedStatement statement = connection.prepareStatement(key)) {
            statement.setString(1, Identifiers.qualified(schema, table));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    info.primaryKey.add(rs.getString(1));
                }
            }
        }
        String triggers = """
                SELECT t.tgname, t.tgenabled::text FROM pg_trigger t
                WHERE t.tgrelid = to_regclass(?) AND NOT t.tgisinternal AND t.tgenabled IN ('O', 'A') ORDER BY t.tgname""";
        try (PreparedStatement statement = connection.prepareStatement(triggers)) {
            statement.setString(1, Identifiers.qualified(schema, table));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    info.enabledTriggers.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        String rules = """
                SELECT r.rulename, r.ev_enabled::text FROM pg_rewrite r
                WHERE r.ev_class = to_regclass(?) AND r.rulename <> '_RETURN' AND r.ev_enabled <> 'D' ORDER BY r.rulename""";
        try (PreparedStatement statement = connection.prepareStatement(rules)) {
            statement.setString(1, Identifiers.qualified(schema, table));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    info.enabledRules.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_rewrite r"
                + " WHERE r.ev_class = to_regclass(?) AND r.ev_type IN ('2', '3'))")) {
            statement.setString(1, Identifiers.qualified(schema, table));
            try (ResultSet rs = statement.executeQuery()) {
                info.writeRules = rs.next() && rs.getBoolean(1);
            }
        }
        if (info.columns.isEmpty()) {
            throw ToolException.notFound("Table " + schema + "." + table + " does not exist in the database.");
        }
        return info;
    }

    /** Columns, keys and triggers of an existing table. */
    public static final class TargetInfo {
        final List<String> columns = new ArrayList<>();
        final List<String> generated = new ArrayList<>();
        final List<String> identityAlways = new ArrayList<>();
        final List<String> primaryKey = new ArrayList<>();
        /** Trigger name → tgenabled ('O' enabled, 'A' always): the ones a load switches off and back. */
        final Map<String, String> enabledTriggers = new LinkedHashMap<>();
        final Map<String, String> enabledRules = new LinkedHashMap<>();
        /** INSERT or UPDATE rules, enabled or not: PostgreSQL then refuses INSERT … ON CONFLICT. */
        boolean writeRules;

        public List<String> columns() {
            return columns;
        }

        public List<String> generated() {
            return generated;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String columnList(List<String> columns) {
        return columns.isEmpty() ? "" : " (" + quoted(columns) + ")";
    }

    private static String quoted(List<String> columns) {
        return columns.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
    }
}
