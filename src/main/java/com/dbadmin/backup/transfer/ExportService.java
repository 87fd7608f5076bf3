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
import com.dbadmin.call.ToolCall;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FETCH_SIZE = 1000;

    private final BackupInventory inventory;
    private final BackupKeys keys;
    private final BackupSettings settings;
    private final String toolVersion;

    public ExportService(BackupInventory inventory, BackupKeys keys, BackupSettings settings,
                         @Value("${micronaut.mcp.server.info.version:1.0.0}") String toolVersion) {
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

    public Manifest export(ToolCall call, TableInfo table, JsonNode where, Integer limit, Format format) throws SQLException {
        call.session().statementTimeout(settings.statementTimeout());
        Connection connection = call.session().connection();
        SqlBuilder sql = new SqlBuilder().append("SELECT * FROM ").append(table.sqlName());
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
                    rows = format == Format.JSON ? writeJson(rs, writer.stream()) : writeCsv(rs, table, writer.stream());
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

    /** A JSON array with one object per row, streamed. */
    private static long writeJson(ResultSet rs, OutputStream out) throws SQLException, IOException {
        RowWriter rows = new RowWriter(rs.getMetaData());
        long count = 0;
        try (JsonGenerator json = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartArray();
            while (rs.next()) {
                json.writeRaw('\n');
                JSON.writeTree(json, rows.read(rs));
                count++;
            }
            json.writeRaw('\n');
            json.writeEndArray();
            json.writeRaw('\n');
        }
        return count;
    }

    /** PostgreSQL-style CSV with a header row; values in PostgreSQL's text form. */
    private static long writeCsv(ResultSet rs, TableInfo table, OutputStream out) throws SQLException, IOException {
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
            }
        }
        return count;
    }
}
