package com.dbadmin.backup.dump;

import com.dbadmin.backup.format.DumpWriter;
import com.dbadmin.backup.format.PlannedEntry;
import com.dbadmin.backup.format.TocEntry;
import com.dbadmin.sql.catalog.Identifiers;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Takes the consistent snapshot a backup is made from: one REPEATABLE READ, READ ONLY transaction on
 * a dedicated connection, share locks on every table it covers (so no DDL changes what the catalogue
 * functions report while we read; writers are not blocked), then the catalogue and the sequence values.
 * Rows are read with COPY in the same transaction, so every table is seen at the same instant.
 */
public final class DatabaseDumper {
    private final Connection connection;

    /** The snapshot's schema and sequence values, read once; everything else streams. */
    public record Prepared(ObjectSnapshot snapshot, Map<String, DumpPlanner.SequenceValue> sequences) {
        public DumpPlanner planner() {
            return new DumpPlanner(snapshot, sequences);
        }
    }

    private DatabaseDumper(Connection connection) {
        this.connection = connection;
    }

    /**
     * Starts the snapshot on a fresh connection (autocommit off, nothing run on it yet).
     *
     * @param statementTimeout replaces the pool's per-statement limit for this transaction (0 = none)
     */
    public static DatabaseDumper begin(Connection connection, Duration statementTimeout, Duration lockTimeout)
            throws SQLException {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TRANSACTION READ ONLY");
            statement.execute("SET LOCAL statement_timeout = " + Math.max(0, statementTimeout.toMillis()));
            statement.execute("SET LOCAL lock_timeout = " + Math.max(0, lockTimeout.toMillis()));
            // As pg_dump does: a synchronized scan could start mid-table and change the row order,
            // which would change the table's checksum without any change to its rows.
            statement.execute("SET LOCAL synchronize_seqscans = off");
            statement.execute("SET LOCAL extra_float_digits = 3");
            statement.execute("SET LOCAL DateStyle = ISO");
            statement.execute("SET LOCAL IntervalStyle = postgres");
            statement.execute("SET LOCAL search_path = pg_catalog");
        }
        return new DatabaseDumper(connection);
    }

    public Connection connection() {
        return connection;
    }

    /**
     * Locks the tables policy lets in, then reads the catalogue and the sequences.
     *
     * @param privileges whether owners and grants are read (include_privileges)
     */
    public Prepared prepare(BiPredicate<String, String> tableVisible, boolean privileges) throws SQLException {
        lockTables(tableVisible);
        ObjectSnapshot snapshot = new SchemaReader(connection, tableVisible, privileges).read();
        return new Prepared(snapshot, sequenceValues(snapshot));
    }

    private void lockTables(BiPredicate<String, String> tableVisible) throws SQLException {
        List<String> names = new ArrayList<>();
        String sql = """
                SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p') AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
                ORDER BY n.nspname, c.relname""";
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                if (!SchemaReader.isInternalSchema(rs.getString(1)) && tableVisible.test(rs.getString(1), rs.getString(2))) {
                    names.add(Identifiers.qualified(rs.getString(1), rs.getString(2)));
                }
            }
        }
        for (int from = 0; from < names.size(); from += 500) {
            List<String> batch = names.subList(from, Math.min(names.size(), from + 500));
            try (Statement statement = connection.createStatement()) {
                statement.execute("LOCK TABLE " + String.join(", ", batch) + " IN ACCESS SHARE MODE");
            }
        }
    }

    private Map<String, DumpPlanner.SequenceValue> sequenceValues(ObjectSnapshot snapshot) throws SQLException {
        Map<String, DumpPlanner.SequenceValue> values = new LinkedHashMap<>();
        List<String[]> sequences = new ArrayList<>();
        for (DatabaseObject object : snapshot.objects().values()) {
            if (object.kind() == ObjectKind.SEQUENCE) {
                sequences.add(new String[]{object.schema(), object.name()});
            } else if (object.kind() == ObjectKind.TABLE) {
                for (DumpedTable.IdentitySequence identity : object.table().identitySequences()) {
                    sequences.add(new String[]{object.schema(), identity.sequenceName()});
                }
            }
        }
        for (String[] sequence : sequences) {
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT last_value, is_called FROM "
                         + Identifiers.qualified(sequence[0], sequence[1]))) {
                rs.next();
                values.put(sequence[0] + "." + sequence[1],
                        new DumpPlanner.SequenceValue(sequence[0], sequence[1], rs.getLong(1), rs.getBoolean(2)));
            }
        }
        return values;
    }

    /** Runs a query returning one text value (the SQL of a rendered entry, such as a large object's piece). */
    public DumpWriter.Renderer renderer() {
        return query -> {
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(query)) {
                rs.next();
                return rs.getString(1);
            }
        };
    }

    /** COPY ... TO STDOUT through pgjdbc's CopyManager (text format, UTF-8). */
    public DumpWriter.TableCopier copier() throws SQLException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        return (source, target) -> copy.copyOut(source, target);
    }

    /** Each data table's rows and SHA-256, read in the snapshot without writing anything. */
    public Map<String, DumpWriter.TableStats> measure(Prepared prepared) throws SQLException, IOException {
        Map<String, DumpWriter.TableStats> stats = new LinkedHashMap<>();
        DumpWriter.TableCopier copier = copier();
        for (PlannedEntry entry : prepared.planner().full(false, true)) {
            TocEntry toc = entry.toc();
            if (toc.isTableData()) {
                stats.put(toc.key(), DumpWriter.measure(toc.key(), toc.schema() + "." + toc.name(), entry.source(), copier));
            }
        }
        return stats;
    }

    /**
     * SHA-256 of the schema's DDL and of every large object's bytes: equal fingerprints mean an
     * incremental (which carries table rows only) can build on its base.
     */
    public String schemaFingerprint(Prepared prepared) throws SQLException {
        MessageDigest digest = DumpWriter.sha256Digest();
        for (PlannedEntry entry : prepared.planner().full(true, false)) {
            digest.update(entry.sql().getBytes(StandardCharsets.UTF_8));
        }
        for (ObjectSnapshot.LargeObject object : prepared.snapshot().largeObjects()) {
            digest.update((object.oid() + ":" + object.size() + "\n").getBytes(StandardCharsets.UTF_8));
            for (long offset = 0; offset < object.size(); offset += DumpPlanner.LARGE_OBJECT_CHUNK) {
                try (PreparedStatement statement = connection.prepareStatement("SELECT pg_catalog.lo_get(?, ?, ?)")) {
                    statement.setLong(1, object.oid());
                    statement.setLong(2, offset);
                    statement.setInt(3, DumpPlanner.LARGE_OBJECT_CHUNK);
                    try (ResultSet rs = statement.executeQuery()) {
                        rs.next();
                        digest.update(rs.getBytes(1));
                    }
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Ends the read-only transaction. */
    public void finish() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // Read-only: nothing to keep; the pool discards a broken connection.
        }
    }
}
