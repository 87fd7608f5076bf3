package com.dbadmin.backup.transfer;

import com.dbadmin.backup.BackupInventory;
import com.dbadmin.backup.BackupKeys;
import com.dbadmin.backup.BackupNames;
import com.dbadmin.backup.BackupService;
import com.dbadmin.backup.BackupSettings;
import com.dbadmin.backup.FileCodec;
import com.dbadmin.backup.VerifiedFile;
import com.dbadmin.backup.crypto.EncryptionException;
import com.dbadmin.backup.format.Manifest;
import com.dbadmin.backup.restore.ConflictMode;
import com.dbadmin.backup.restore.LoadResult;
import com.dbadmin.backup.restore.TableLoader;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.SqlErrors;
import com.dbadmin.call.ProgressListener;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolException;
import com.dbadmin.sql.catalog.ColumnInfo;
import com.dbadmin.sql.catalog.TableInfo;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * db_import_json / db_import_csv: rows from a file in the backup store into one table, in the call's
 * transaction (all or nothing), streamed: CSV goes through PostgreSQL's own COPY parser, JSON records
 * are parsed one at a time and inserted in batches. Both land in a staging table first and are merged
 * with the conflict mode, so skips and overwrites are counted exactly.
 */
@Singleton
public class ImportService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 1000;

    private final BackupInventory inventory;
    private final BackupKeys keys;
    private final BackupSettings settings;

    public ImportService(BackupInventory inventory, BackupKeys keys, BackupSettings settings) {
        this.inventory = inventory;
        this.keys = keys;
        this.settings = settings;
    }

    /** What an import did (or would do, in a dry run). */
    public record Result(LoadResult load, List<String> columns, List<String> ignoredColumns) {
    }

    public Result importJson(ToolCall call, TableInfo table, String file, ConflictMode mode, boolean dryRun)
            throws SQLException {
        return run(call, table, file, dryRun, (connection, loader, in) -> {
            JsonParser parser = JSON.getFactory().createParser(in);
            JsonToken first = parser.nextToken();
            Iterator<JsonNode> records = first == JsonToken.START_ARRAY ? arrayElements(parser) : rootValues(parser, first);
            if (!records.hasNext()) {
                return new Result(new LoadResult(0, 0, 0, 0), List.of(), List.of());
            }
            JsonNode head = records.next();
            List<ColumnInfo> columns = jsonColumns(table, head, 1);
            List<String> names = columns.stream().map(ColumnInfo::name).toList();
            LoadResult result = loader.merge(table.schema(), table.name(), names, mode, (stage, stageColumns) ->
                    insertJson(connection, stage, columns, head, records));
            return new Result(result, names, generated(table, names));
        });
    }

    public Result importCsv(ToolCall call, TableInfo table, String file, boolean hasHeaders, ConflictMode mode,
                            boolean dryRun) throws SQLException {
        return run(call, table, file, dryRun, (connection, loader, in) -> {
            BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
            List<String> names = new ArrayList<>();
            if (hasHeaders) {
                String header = readLine(buffered);
                if (header == null) {
                    return new Result(new LoadResult(0, 0, 0, 0), List.of(), List.of());
                }
                try (CSVParser parser = CSVFormat.POSTGRESQL_CSV.parse(new StringReader(header))) {
                    List<CSVRecord> records = parser.getRecords();
                    if (records.size() != 1) {
                        throw ToolException.validation("The CSV header must be one line of column names.");
                    }
                    for (String name : records.get(0)) {
                        names.add(column(table, name).name());
                    }
                }
                if (new LinkedHashSet<>(names).size() != names.size()) {
                    throw ToolException.validation("The CSV header names a column twice.");
                }
            } else {
                table.columns().stream().filter(c -> !"s".equals(c.generated())).map(ColumnInfo::name).forEach(names::add);
            }
            LoadResult result = loader.merge(table.schema(), table.name(), names, mode,
                    loader.copyFiller(buffered, "FORMAT csv"));
            return new Result(result, names, generated(table, names));
        });
    }

    @FunctionalInterface
    private interface Body {
        Result load(Connection connection, TableLoader loader, InputStream rows) throws SQLException, IOException;
    }

    private Result run(ToolCall call, TableInfo table, String file, boolean dryRun, Body body) throws SQLException {
        call.session().statementTimeout(settings.statementTimeout());
        Connection connection = call.session().connection();
        Savepoint savepoint = connection.setSavepoint("dbadmin_import");
        String exportId = BackupNames.exportIdOf(file);
        try (VerifiedFile verified = exportId == null ? null : verifiedExport(exportId, file);
             InputStream raw = new ProgressInputStream(verified != null ? verified.open() : inventory.store().open(file),
                     call.progressListener());
             FileCodec.Reader reader = FileCodec.reader(raw, false, FileCodec.encrypted(file), keys.readable())) {
            InputStream rows = FileCodec.gzipped(file) ? new GZIPInputStream(reader.stream(), 1 << 16) : reader.stream();
            Result result = body.load(connection, new TableLoader(connection), rows);
            if (dryRun) {
                connection.rollback(savepoint);
            } else {
                connection.releaseSavepoint(savepoint);
            }
            call.details().rowCount(result.load().inserted() + result.load().updated());
            return result;
        } catch (java.nio.file.NoSuchFileException e) {
            throw ToolException.notFound("File '" + file + "' is not in the backup store (" + inventory.store().location()
                    + "). Put it there first, or check the name with db_list_backups.");
        } catch (EncryptionException e) {
            throw ToolException.validation("File '" + file + "' cannot be read: " + e.getMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ToolException.validation("File '" + file + "' is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + "). Nothing was imported.");
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
                throw ToolException.validation("File '" + file + "' is not valid JSON: " + json.getOriginalMessage()
                        + " (line " + (json.getLocation() == null ? "?" : json.getLocation().getLineNr())
                        + "). Nothing was imported.");
            }
            throw BackupService.storeFailure("The import could not read '" + file + "'; nothing was imported", e.getCause());
        } catch (SQLException e) {
            ToolException translated = SqlErrors.translate(e);
            String hint = translated.code() == ErrorCode.DB_409_CONFLICT ? " Use onConflict 'skip' or 'overwrite'." : "";
            throw new ToolException(translated.code(), "Import into " + table.qualifiedName() + " failed: "
                    + translated.getMessage().replace(" Use on_conflict to skip or update existing rows.", "") + hint
                    + " Nothing was imported.", translated.details(), e);
        } catch (IOException e) {
            throw BackupService.storeFailure("The import could not read '" + file + "'; nothing was imported", e);
        }
    }

    /**
     * A file this server exported is read only as signed (from a checked private copy), like a backup;
     * files an operator puts in the store are plain rows loaded through COPY or bound parameters.
     */
    private VerifiedFile verifiedExport(String id, String file) throws IOException {
        Manifest manifest = inventory.require(id);
        if (!manifest.file().equals(file)) {
            throw ToolException.notFound("File '" + file + "' is not in the backup store; export " + id + " is "
                    + manifest.file() + ".");
        }
        return VerifiedFile.fetch(inventory.store(), manifest, keys);
    }

    private static List<ColumnInfo> jsonColumns(TableInfo table, JsonNode record, long number) {
        if (!record.isObject()) {
            throw ToolException.validation("Record " + number + " is not a JSON object; records are objects of column"
                    + " values, as db_export_json writes them.");
        }
        List<ColumnInfo> columns = new ArrayList<>();
        Iterator<String> names = record.fieldNames();
        while (names.hasNext()) {
            columns.add(column(table, names.next()));
        }
        if (columns.isEmpty()) {
            throw ToolException.validation("Record 1 has no columns.");
        }
        return columns;
    }

    private static ColumnInfo column(TableInfo table, String name) {
        return table.column(name).orElseThrow(() -> ToolException.validation("Unknown column '" + name + "' in "
                + table.qualifiedName() + ". Use db_list_table_columns to see its columns."));
    }

    /**
     * Inserts JSON records into the staging table in batches; every value is bound as text (or bytes for
     * bytea, a text array for arrays) and cast to the column's type by PostgreSQL.
     */
    private static long insertJson(Connection connection, String stage, List<ColumnInfo> columns, JsonNode head,
                                   Iterator<JsonNode> rest) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO pg_temp.").append(com.dbadmin.sql.catalog.Identifiers.quote(stage))
                .append(" (");
        StringBuilder values = new StringBuilder(" VALUES (");
        for (int i = 0; i < columns.size(); i++) {
            ColumnInfo column = columns.get(i);
            sql.append(i > 0 ? ", " : "").append(com.dbadmin.sql.catalog.Identifiers.quote(column.name()));
            values.append(i > 0 ? ", " : "");
            if (column.isBytea()) {
                values.append("?");
            } else if (column.isArray()) {
                values.append("CAST(? AS text[])::").append(column.castType());
            } else {
                values.append("CAST(? AS text)::").append(column.castType());
            }
        }
        sql.append(")").append(values).append(")");
        Set<String> expected = new LinkedHashSet<>(columns.stream().map(ColumnInfo::name).toList());
        long count = 0;
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            JsonNode record = head;
            while (record != null) {
                count++;
                bind(connection, statement, columns, record, expected, count);
                statement.addBatch();
                if (count % BATCH == 0) {
                    statement.executeBatch();
                }
                record = rest.hasNext() ? rest.next() : null;
            }
            statement.executeBatch();
        }
        return count;
    }

    private static void bind(Connection connection, PreparedStatement statement, List<ColumnInfo> columns, JsonNode record,
                             Set<String> expected, long number) throws SQLException {
        if (!record.isObject()) {
            throw ToolException.validation("Record " + number + " is not a JSON object.");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = record.fields();
        while (fields.hasNext()) {
            String name = fields.next().getKey();
            if (!expected.contains(name)) {
                throw ToolException.validation("Record " + number + " has column '" + name + "', which the first record"
                        + " lacks; every record must carry the same columns.");
            }
        }
        for (int i = 0; i < columns.size(); i++) {
            ColumnInfo column = columns.get(i);
            JsonNode value = record.get(column.name());
            int index = i + 1;
            if (value == null || value.isNull()) {
                statement.setNull(index, column.isBytea() ? Types.BINARY : column.isArray() ? Types.ARRAY : Types.VARCHAR);
            } else if (column.isBytea()) {
                try {
                    statement.setBytes(index, Base64.getDecoder().decode(value.asText()));
                } catch (IllegalArgumentException e) {
                    throw ToolException.validation("Record " + number + ": column '" + column.name()
                            + "' is bytea and takes base64 text.");
                }
            } else if (column.isArray()) {
                if (!value.isArray()) {
                    throw ToolException.validation("Record " + number + ": column '" + column.name() + "' is an array;"
                            + " pass a JSON array.");
                }
                String[] elements = new String[value.size()];
                for (int e = 0; e < value.size(); e++) {
                    JsonNode element = value.get(e);
                    elements[e] = element == null || element.isNull() ? null
                            : element.isContainerNode() ? element.toString() : element.asText();
                }
                statement.setArray(index, connection.createArrayOf("text", elements));
            } else if (column.isJson()) {
                statement.setString(index, value.toString());
            } else if (value.isContainerNode()) {
                throw ToolException.validation("Record " + number + ": column '" + column.name() + "' ("
                        + column.type() + ") takes a single value.");
            } else {
                statement.setString(index, value.asText());
            }
        }
    }

    private static Iterator<JsonNode> arrayElements(JsonParser parser) {
        return new Iterator<>() {
            private JsonToken next = advance();

            private JsonToken advance() {
                try {
                    return parser.nextToken();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null && next != JsonToken.END_ARRAY;
            }

            @Override
            public JsonNode next() {
                try {
                    JsonNode node = JSON.readTree(parser);
                    next = advance();
                    return node;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
    }

    /** Newline-delimited JSON: one object after another at the top level. */
    private static Iterator<JsonNode> rootValues(JsonParser parser, JsonToken first) {
        return new Iterator<>() {
            private JsonToken next = first;

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public JsonNode next() {
                try {
                    JsonNode node = JSON.readTree(parser);
                    next = parser.nextToken();
                    return node;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
    }

    private static List<String> generated(TableInfo table, List<String> names) {
        return names.stream().filter(n -> table.column(n).map(c -> "s".equals(c.generated())).orElse(false)).toList();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
            if (line.size() > 1024 * 1024) {
                throw ToolException.validation("The CSV header line is longer than 1 MiB.");
            }
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /**
     * Reports the bytes of the stored file read so far, every MiB and at its end (also where a cancelled
     * import stops).
     */
    private static final class ProgressInputStream extends java.io.FilterInputStream {
        private static final long STEP = 1 << 20;
        private final ProgressListener progress;
        private long read;
        private long reported;

        ProgressInputStream(InputStream in, ProgressListener progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int value = super.read();
            if (value >= 0) {
                advance(1);
            } else {
                finished();
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int count = super.read(buffer, offset, length);
            if (count > 0) {
                advance(count);
            } else if (count < 0) {
                finished();
            }
            return count;
        }

        private void finished() {
            if (read > reported) {
                reported = read;
                progress.progress(read, read, "read the whole file (" + read + " bytes)");
            }
        }

        private void advance(long bytes) {
            read += bytes;
            if (read - reported >= STEP) {
                reported = read;
                progress.progress(read, null, "read " + (read >> 20) + " MiB of the file");
            }
        }
    }
}
