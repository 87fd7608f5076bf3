package com.dbadmin.backup.transfer;

import com.dbadmin.backup.BackupInventory;
import com.dbadmin.backup.BackupKeys;
import com.dbadmin.backup.BackupNames;
import com.dbadmin.backup.BackupService;
import com.dbadmin.backup.BackupSettings;
import com.dbadmin.backup.FileCodec;
import com.dbadmin.backup.crypto.BackupKey;
import com.dbadmin.backup.crypto.ChunkedGcm;
import com.dbadmin.backup.crypto.SigningKey;
import com.dbadmin.backup.format.BackupType;
import com.dbadmin.backup.format.Manifest;
import com.dbadmin.backup.store.BackupStore;
import com.dbadmin.call.ProgressListener;
import com.dbadmin.call.ToolCall;
import com.dbadmin.guard.Limits;
import com.dbadmin.sql.FilterCompiler;
import com.dbadmin.sql.RowWriter;
import com.dbadmin.sql.SqlBuilder;
import com.dbadmin.sql.catalog.TableInfo;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * db_export_json / db_export_csv: the rows of one table (optionally filtered and limited) streamed from
 * a server-side cursor into a file in the backup store, with a manifest like a backup's. JSON uses the
 * same value mapping as every other tool (bytea as base64, arrays as arrays, json as JSON); CSV uses
 * PostgreSQL's own CSV conventions (NULL is an unquoted empty field), so db_import_* reads both back.
 */
@Singleton
public class ExportService {
    private static final int PROGRESS_ROWS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FETCH_SIZE = 1000;
    /** Time a filtered export may spend per row the table holds, on top of the ordinary statement timeout. */
    static final Duration ROW_BUDGET = Duration.ofMillis(1);

    private final BackupInventory inventory;
    private final BackupKeys keys;
    private final BackupSettings settings;
    private final Limits limits;
    private final String toolVersion;

    public ExportService(BackupInventory inventory, BackupKeys keys, BackupSettings settings, Limits limits,
                         @Value("${db-admin.tool-version:1.0.0}") String toolVersion) {
        this.limits = limits;
        this.inventory = inventory;
        this.keys = keys;
        this.settings = settings;
        this.toolVersion = toolVersion;
    }

    public enum Format {
        JSON, CSV;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Streams the rows into the store. An export of a whole table may take as long as a backup
     * (DB_ADMIN_BACKUP_STATEMENT_TIMEOUT). One with a caller's filter is planned first under the ordinary
     * statement timeout (DB_ADMIN_STATEMENT_TIMEOUT), like a query with that filter, and then runs with
     * that timeout plus {@link #ROW_BUDGET} for each row the planner expects the table to hold (at most
     * the backup timeout): otherwise any filter too expensive for db_query_records could run for hours as
     * an export, while the time an export may take still grows with the data it may have to read.
     */
    public Manifest export(ToolCall call, TableInfo table, JsonNode where, Integer limit, Format format) throws SQLException {
        boolean filtered = where != null && !where.isNull() && !(where.isObject() && where.isEmpty());
        Connection connection = call.session().connection();
        if (filtered) {
            call.session().statementTimeout(filteredBudget(connection, table, where, limit));
        } else {
            call.session().statementTimeout(settings.statementTimeout());
        }
        SqlBuilder sql = select(new SqlBuilder(), table, where, limit);
        BackupStore store = inventory.store();
        BackupKey key = keys.current().orElse(null);
        SigningKey signer = keys.signing();
        Instant created = Instant.now();
        String id = freeId(created, table.qualifiedName(), format);
        String file = BackupNames.exportFile(id, format.id(), key != null);
        long rows;
        FileCodec.Writer writer;
        try {
            BackupStore.Upload upload = store.create(file);
            try (PreparedStatement statement = sql.prepare(connection)) {
                statement.setFetchSize(FETCH_SIZE);
                writer = FileCodec.writer(upload.stream(), false, 0, key, signer);
                try (ResultSet rs = statement.executeQuery()) {
                    ProgressListener progress = call.progressListener();
                    Long total = limit == null ? null : limit.longValue();
                    rows = format == Format.JSON ? writeJson(rs, writer.stream(), progress, total)
                            : writeCsv(rs, table, writer.stream(), progress, total);
                }
                writer.finish();
                upload.commit();
            } catch (IOException | SQLException | RuntimeException e) {
                upload.abort();
                throw e;
            }
            Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, id, BackupType.EXPORT.id(), file, created.toString(),
                    Instant.now().toString(), null, null, toolVersion, false, true, table.qualifiedName(),
                    List.of(new Manifest.TableEntry(table.qualifiedName(), rows, null, writer.plainBytes(), null)), rows,
                    writer.plainBytes(), writer.storedBytes(), writer.storedSha256(), "none",
                    key == null ? null : new Manifest.Encryption("AES-256-GCM", key.idHex(), ChunkedGcm.DEFAULT_CHUNK_SIZE),
                    null, null, null, format.id(), null, null, null, null,
                    new Manifest.Signature(Manifest.Signature.ALGORITHM, signer.idHex(), writer.storedHmac(), null));
            try {
                inventory.write(manifest, signer);
            } catch (IOException e) {
                store.delete(file);
                throw e;
            }
            call.details().rowCount(rows);
            return manifest;
        } catch (IOException e) {
            throw BackupService.storeFailure("The export failed and nothing was stored", e);
        }
    }

    private static SqlBuilder select(SqlBuilder sql, TableInfo table, JsonNode where, Integer limit) {
        sql.append("SELECT * FROM ").append(table.rowSource());
        FilterCompiler.appendWhere(sql, table, where);
        if (!table.primaryKey().isEmpty()) {
            // A stable order makes two exports of the same rows byte-identical.
            sql.append(" ORDER BY ");
            for (int i = 0; i < table.primaryKey().size(); i++) {
                sql.append(i > 0 ? ", " : "").identifier(table.primaryKey().get(i));
            }
        }
        if (limit != null) {
            sql.append(" LIMIT ").number(limit);
        }
        return sql;
    }

    /**
     * Plans the filtered export under the ordinary statement timeout (a filter whose planning alone exceeds
     * it fails here with DB_504, as the same query would) and returns its time budget: the ordinary timeout
     * plus {@link #ROW_BUDGET} per row of the table as the planner estimates it (or per row of the limit),
     * at most the backup timeout.
     */
    private Duration filteredBudget(Connection connection, TableInfo table, JsonNode where, Integer limit)
            throws SQLException {
        explainRows(connection, select(new SqlBuilder().append("EXPLAIN (FORMAT JSON) "), table, where, limit));
        long rows = explainRows(connection, new SqlBuilder().append("EXPLAIN (FORMAT JSON) SELECT * FROM ")
                .append(table.rowSource()));
        if (limit != null) {
            rows = Math.min(rows, limit);
        }
        Duration budget = limits.statementTimeout().plus(ROW_BUDGET.multipliedBy(Math.max(0, rows)));
        Duration most = settings.statementTimeout().isZero() ? budget : settings.statementTimeout();
        return budget.compareTo(most) > 0 ? most : budget;
    }

    private static long explainRows(Connection connection, SqlBuilder explain) throws SQLException {
        try (PreparedStatement statement = explain.prepare(connection); ResultSet rs = statement.executeQuery()) {
            rs.next();
            return (long) JSON.readTree(rs.getString(1)).path(0).path("Plan").path("Plan Rows").asDouble();
        } catch (IOException e) {
            throw new SQLException("unreadable EXPLAIN output", "XX000", e);
        }
    }

    private String freeId(Instant created, String table, Format format) {
        try {
            Instant at = created;
            for (int attempt = 0; attempt < 3600; attempt++) {
                String id = BackupNames.newExportId(at, table, format.id());
                if (inventory.store().stat(BackupNames.manifestFile(id)).isEmpty()
                        && inventory.store().stat(BackupNames.exportFile(id, format.id(), keys.current().isPresent())).isEmpty()) {
                    return id;
                }
                at = at.plusSeconds(1);
            }
        } catch (IOException e) {
            throw BackupService.storeFailure("The backup store failed", e);
        }
        throw BackupService.storeFailure("No free export name", new IOException("too many exports at once"));
    }

    /** Progress every {@link #PROGRESS_ROWS} rows (also where a cancelled export stops). */
    private static void reportEvery(long rows, ProgressListener progress, Long total) {
        if (rows % PROGRESS_ROWS == 0) {
            progress.progress(rows, total, "exported " + rows + " rows");
        }
    }

    /** A JSON array with one object per row, streamed. */
    private static long writeJson(ResultSet rs, OutputStream out, ProgressListener progress, Long total)
            throws SQLException, IOException {
        RowWriter rows = new RowWriter(rs.getMetaData());
        long count = 0;
        try (JsonGenerator json = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartArray();
            while (rs.next()) {
                json.writeRaw('\n');
                JSON.writeTree(json, rows.read(rs));
                count++;
                reportEvery(count, progress, total);
            }
            json.writeRaw('\n');
            json.writeEndArray();
            json.writeRaw('\n');
        }
        return count;
    }

    /** PostgreSQL-style CSV with a header row; values in PostgreSQL's text form. */
    private static long writeCsv(ResultSet rs, TableInfo table, OutputStream out, ProgressListener progress, Long total)
            throws SQLException, IOException {
        int columns = rs.getMetaData().getColumnCount();
        String[] header = new String[columns];
        for (int i = 0; i < columns; i++) {
            header[i] = rs.getMetaData().getColumnLabel(i + 1);
        }
        long count = 0;
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.POSTGRESQL_CSV.builder().setHeader(header).get())) {
            Object[] values = new Object[columns];
            while (rs.next()) {
                for (int i = 0; i < columns; i++) {
                    values[i] = rs.getString(i + 1);
                }
                csv.printRecord(values);
                count++;
                reportEvery(count, progress, total);
            }
        }
        return count;
    }
}
