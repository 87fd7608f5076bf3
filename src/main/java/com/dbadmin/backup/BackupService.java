package com.dbadmin.backup;

import com.dbadmin.backup.crypto.BackupKey;
import com.dbadmin.backup.crypto.SigningKey;
import com.dbadmin.backup.crypto.EncryptionException;
import com.dbadmin.backup.dump.DatabaseDumper;
import com.dbadmin.backup.dump.DatabaseObject;
import com.dbadmin.backup.dump.ObjectSnapshot;
import com.dbadmin.backup.dump.ObjectKind;
import com.dbadmin.backup.format.BackupType;
import com.dbadmin.backup.format.DumpFormat;
import com.dbadmin.backup.format.DumpFormatException;
import com.dbadmin.backup.format.DumpHeader;
import com.dbadmin.backup.format.DumpReader;
import com.dbadmin.backup.format.DumpWriter;
import com.dbadmin.backup.format.Manifest;
import com.dbadmin.backup.format.PlannedEntry;
import com.dbadmin.backup.format.TocEntry;
import com.dbadmin.backup.restore.ChainFile;
import com.dbadmin.backup.restore.RestoreExecutor;
import com.dbadmin.backup.restore.RestoreOptions;
import com.dbadmin.backup.restore.RestoreReport;
import com.dbadmin.backup.restore.StatementRules;
import com.dbadmin.backup.store.BackupStore;
import com.dbadmin.backup.store.StoreUnavailableException;
import com.dbadmin.call.CallConnections;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ProgressListener;
import com.dbadmin.call.SqlErrors;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.DbSession;
import com.dbadmin.guard.PrivilegeSettings;
import com.dbadmin.guard.TablePolicy;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipException;

/**
 * Makes, restores and checks backups. Every way in (tools over MCP, REST and Lambda, the schedule)
 * ends here, so metrics, the last-success time and retention are recorded in one place.
 *
 * <p>A backup reads from its own connection in one REPEATABLE READ, READ ONLY transaction rather than
 * the tool call's session: the call's transaction must stay writable for the audit row, and the
 * snapshot must start before anything else runs on its connection. That connection is a direct one
 * ({@link CallConnections#direct()}): the snapshot lasts as long as the backup, which must not occupy a
 * transaction pooler's server connection nor be cut by its limits.
 */
@Singleton
public class BackupService {
    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);

    private final CallConnections connections;
    private final BackupSettings settings;
    private final BackupKeys keys;
    private final BackupInventory inventory;
    private final BackupStatus status;
    private final BackupMetrics metrics;
    private final TablePolicy policy;
    private final PrivilegeSettings privileges;
    private final String toolVersion;
    private final Set<String> reserved = ConcurrentHashMap.newKeySet();

    public BackupService(CallConnections connections, BackupSettings settings, BackupKeys keys, BackupInventory inventory,
                         BackupStatus status, BackupMetrics metrics, TablePolicy policy, PrivilegeSettings privileges,
                         @Value("${db-admin.tool-version:1.0.0}") String toolVersion) {
        this.privileges = privileges;
        this.connections = connections;
        this.settings = settings;
        this.keys = keys;
        this.inventory = inventory;
        this.status = status;
        this.metrics = metrics;
        this.policy = policy;
        this.toolVersion = toolVersion;
    }

    public BackupInventory inventory() {
        return inventory;
    }

    public BackupSettings settings() {
        return settings;
    }

    public BackupKeys keys() {
        return keys;
    }

    /**
     * What a backup carries beyond rows and DDL, and whether it may leave out what it cannot carry.
     *
     * @param includePrivileges owners and grants (include_privileges)
     * @param allowPartial      leave out objects the engine cannot carry, and what depends on them, instead
     *                          of failing (allow_partial); the manifest lists what is missing
     */
    public record Options(boolean includePrivileges, boolean allowPartial) {
        public static final Options DEFAULT = new Options(false, false);
    }

    /** Every table policy lets in, with (optionally) the schema; one snapshot. */
    public Manifest full(boolean includeSchema, boolean compress) {
        return full(includeSchema, compress, Options.DEFAULT, ProgressListener.NONE);
    }

    /** As {@link #full(boolean, boolean)} with options, reporting each table written to {@code progress}. */
    public Manifest full(boolean includeSchema, boolean compress, Options options, ProgressListener progress) {
        return run(BackupType.FULL, null, compress, inventory.store(), options, progress, (dumper, prepared) -> new Planned(
                prepared.planner().full(includeSchema, true), includeSchema, true, null, null, null, null));
    }

    /** One table (with its partitions and owned sequences): schema, data or both. */
    public Manifest table(String schema, String name, boolean includeSchema, boolean includeData, boolean compress) {
        return table(schema, name, includeSchema, includeData, compress, Options.DEFAULT, ProgressListener.NONE);
    }

    public Manifest table(String schema, String name, boolean includeSchema, boolean includeData, boolean compress,
                          Options options, ProgressListener progress) {
        if (!includeSchema && !includeData) {
            throw ToolException.validation("dataOnly and schemaOnly cannot both be true.");
        }
        return run(BackupType.TABLE, schema + "." + name, compress, inventory.store(), options, progress,
                (dumper, prepared) -> {
            DatabaseObject table = prepared.snapshot().objects().get(DatabaseObject.tableKey(schema, name));
            if (table == null || table.kind() != ObjectKind.TABLE) {
                throw ToolException.validation("'" + schema + "." + name + "' is not a table; only tables can be"
                        + " backed up on their own (views are part of full backups).");
            }
            return new Planned(prepared.planner().table(table, includeSchema, includeData), includeSchema, includeData,
                    schema + "." + name, null, null, null);
        });
    }

    /**
     * The tables whose rows differ from what the base chain restores. A table counts as changed when the
     * SHA-256 of its COPY output in this snapshot differs from the one recorded for it in the base: exact
     * for every change (insert, update, delete, truncate, even an update back and forth shows as
     * unchanged only when the rows are truly the same), unlike statistics counters, which are
     * approximate and reset on restart. The price is one extra read of each table.
     */
    public Manifest incremental(String baseName, boolean compress, ProgressListener progress) {
        String baseId = BackupNames.backupIdOf(baseName, "baseBackup");
        Manifest base = require(baseId);
        if (base.backupType() != BackupType.FULL && base.backupType() != BackupType.INCREMENTAL) {
            throw ToolException.validation("baseBackup must be a full or incremental backup, not a " + base.type() + " backup.");
        }
        if (!base.includesSchema() || !base.includesData() || base.schemaSha256() == null) {
            throw ToolException.validation("baseBackup must be a full backup with schema and data (includeSchema true).");
        }
        List<String> baseChain = base.backupType() == BackupType.FULL ? List.of(base.id()) : base.chain();
        checked(() -> inventory.chain(base));
        // An increment is read against its base's schema: the same privileges, the same left-out objects.
        Options inherited = new Options(base.privileges(), base.missing() != null && !base.missing().isEmpty());
        return run(BackupType.INCREMENTAL, null, compress, inventory.store(), inherited, progress, (dumper, prepared) -> {
            String fingerprint = dumper.schemaFingerprint(prepared);
            if (!fingerprint.equals(base.schemaSha256())) {
                throw new ToolException(ErrorCode.DB_409_CONFLICT, "The schema changed since " + base.id()
                        + " (tables, columns, keys, indexes, functions, comments or large objects); an incremental backup"
                        + " only carries rows. Take a full backup (db_backup_full) and build increments on it.");
            }
            Map<String, DumpWriter.TableStats> current = dumper.measure(prepared);
            Map<String, String> baseSums = new HashMap<>();
            base.tables().forEach(t -> baseSums.put(t.name(), t.sha256()));
            Set<String> changed = new HashSet<>();
            for (DumpWriter.TableStats stats : current.values()) {
                if (!stats.sha256().equals(baseSums.get(stats.name()))) {
                    changed.add(stats.key());
                }
            }
            List<String> chain = new ArrayList<>(baseChain);
            return new Planned(prepared.planner().incremental(changed), true, true, null, base.id(), chain,
                    new ArrayList<>(current.values())).withSchemaSha(fingerprint).withChanged(changed);
        });
    }

    /** Body of a backup: what to write, decided inside the snapshot. */
    @FunctionalInterface
    interface BackupBody {
        Planned plan(DatabaseDumper dumper, DatabaseDumper.Prepared prepared) throws SQLException, IOException;
    }

    /** What a backup body decided; {@code measured} lists every table (incrementals: also unchanged ones). */
    record Planned(List<PlannedEntry> entries, boolean includesSchema, boolean includesData, String table,
                   String baseBackup, List<String> chain, List<DumpWriter.TableStats> measured, String schemaSha256,
                   Set<String> changed) {
        Planned(List<PlannedEntry> entries, boolean includesSchema, boolean includesData, String table,
                String baseBackup, List<String> chain, List<DumpWriter.TableStats> measured) {
            this(entries, includesSchema, includesData, table, baseBackup, chain, measured, null, null);
        }

        Planned withSchemaSha(String sha) {
            return new Planned(entries, includesSchema, includesData, table, baseBackup, chain, measured, sha, changed);
        }

        Planned withChanged(Set<String> keys) {
            return new Planned(entries, includesSchema, includesData, table, baseBackup, chain, measured, schemaSha256, keys);
        }
    }

    /**
     * Runs a backup into {@code store} and records its outcome. Exposed with a store parameter so that
     * failure tests can hand in a store whose writes fail.
     */
    Manifest run(BackupType type, String table, boolean compress, BackupStore store, BackupBody body) {
        return run(type, table, compress, store, Options.DEFAULT, ProgressListener.NONE, body);
    }

    private Manifest run(BackupType type, String table, boolean compress, BackupStore store, Options options,
                         ProgressListener progress, BackupBody body) {
        long started = System.nanoTime();
        Instant created = Instant.now();
        String id = null;
        try {
            id = reserve(type, created, table, store);
            Manifest manifest = produce(id, type, created, compress, store, options, progress, body);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            metrics.success(type, took, manifest.size());
            if (type != BackupType.TABLE) {
                status.recordSuccess(manifest);
            }
            LOG.info("Backup {} written to {} ({} bytes, {} rows, {} ms)", manifest.file(), store.location(),
                    manifest.size(), manifest.totalRows(), took.toMillis());
            applyRetention();
            return manifest;
        } catch (ToolException e) {
            metrics.failure(type, Duration.ofNanos(System.nanoTime() - started));
            LOG.warn("Backup {} failed: {}", id, e.getMessage());
            throw e;
        } catch (SQLException e) {
            metrics.failure(type, Duration.ofNanos(System.nanoTime() - started));
            ToolException translated = SqlErrors.translate(e);
            LOG.warn("Backup {} failed: {} (SQLSTATE {})", id, translated.getMessage(), e.getSQLState());
            throw new ToolException(translated.code(), "The backup failed and nothing was stored: "
                    + translated.getMessage(), translated.details(), e);
        } catch (IOException e) {
            metrics.failure(type, Duration.ofNanos(System.nanoTime() - started));
            LOG.warn("Backup {} failed: {}", id, e.toString());
            throw storeFailure("The backup failed and nothing was stored", e);
        } catch (RuntimeException e) {
            metrics.failure(type, Duration.ofNanos(System.nanoTime() - started));
            LOG.error("Backup {} failed unexpectedly", id, e);
            throw e;
        } finally {
            if (id != null) {
                reserved.remove(id);
            }
        }
    }

    private Manifest produce(String id, BackupType type, Instant created, boolean compress, BackupStore store,
                             Options options, ProgressListener progress, BackupBody body)
            throws SQLException, IOException {
        BackupKey key = keys.current().orElse(null);
        SigningKey signer = keys.signing();
        String file = BackupNames.dataFile(id, compress ? "gzip" : "none", key != null);
        try (Connection connection = connections.direct().getConnection()) {
            DatabaseDumper dumper = DatabaseDumper.begin(connection, settings.statementTimeout(), settings.lockTimeout());
            // The snapshot reads as the tool role too, so the database refuses what policy would refuse.
            DbSession.assumeRole(connection, privileges.toolRole());
            try {
                DatabaseDumper.Prepared prepared = dumper.prepare(policy::isVisible, options.includePrivileges());
                if (!prepared.snapshot().notCarried().isEmpty() && !options.allowPartial()) {
                    throw notCarried(prepared.snapshot());
                }
                Planned planned = body.plan(dumper, prepared);
                refuseWhatRestoresWouldRefuse(planned, options.includePrivileges());
                String schemaSha = planned.schemaSha256() != null ? planned.schemaSha256()
                        : type == BackupType.FULL && planned.includesSchema() ? dumper.schemaFingerprint(prepared)
                        : null;
                DumpHeader header = new DumpHeader(DumpFormat.VERSION, id, type.id(), created.toString(),
                        prepared.snapshot().database(), prepared.snapshot().serverVersion(), toolVersion, planned.baseBackup());
                List<DumpWriter.TableStats> written;
                FileCodec.Writer writer;
                BackupStore.Upload upload = store.create(file);
                try {
                    writer = FileCodec.writer(upload.stream(), compress, settings.compressionLevel(), key, signer);
                    written = new DumpWriter(writer.stream()).write(header, planned.entries(),
                            reporting(dumper.copier(), planned.entries(), progress), dumper.renderer());
                    writer.finish();
                    upload.commit();
                } catch (IOException | SQLException | RuntimeException e) {
                    upload.abort();
                    throw e;
                }
                Manifest manifest = manifest(id, type, created, file, prepared, planned, written, writer, key, compress,
                        schemaSha, options).withSignature(new Manifest.Signature(Manifest.Signature.ALGORITHM, signer.idHex(),
                        writer.storedHmac(), null));
                try {
                    inventory.write(manifest, signer);
                } catch (IOException | RuntimeException e) {
                    deleteQuietly(store, file);
                    throw e;
                }
                return manifest;
            } finally {
                dumper.finish();
            }
        }
    }

    /** Reports each table whose rows were written (also where a cancelled backup stops). */
    private static DumpWriter.TableCopier reporting(DumpWriter.TableCopier copier, List<PlannedEntry> entries,
                                                    ProgressListener progress) {
        long total = entries.stream().filter(entry -> entry.toc().isTableData()).count();
        long[] done = {0};
        return (source, target) -> {
            copier.copy(source, target);
            done[0]++;
            progress.progress(done[0], total, "backed up " + done[0] + " of " + total + " tables");
        };
    }

    /**
     * A backup that its own restore would refuse is worse than none: it fails now, naming the objects
     * (e.g. a view that calls set_config(), which could change the restoring session for good).
     */
    private static void refuseWhatRestoresWouldRefuse(Planned planned, boolean privileges) {
        List<String> refused = new ArrayList<>();
        for (PlannedEntry entry : planned.entries()) {
            if (entry.rendered()) {
                continue; // pieces of large objects: one fixed shape, rendered when written
            }
            String problem = StatementRules.problem(entry.toc(), entry.sql(), privileges);
            if (problem != null) {
                TocEntry toc = entry.toc();
                refused.add(toc.kind() + " " + (toc.schema() == null ? "" : toc.schema() + ".")
                        + (toc.name() != null ? toc.name() : toc.key()) + " (" + problem + ")");
            }
        }
        if (!refused.isEmpty()) {
            throw new ToolException(ErrorCode.DB_422_CONSTRAINT, "The backup was not made: restores would refuse "
                    + String.join("; ", refused.subList(0, Math.min(10, refused.size())))
                    + (refused.size() > 10 ? " and " + (refused.size() - 10) + " more" : "") + ".",
                    Map.of("refused", refused));
        }
    }

    /** A backup of a database holding what the engine cannot carry: fails naming all of it. */
    private static ToolException notCarried(ObjectSnapshot snapshot) {
        List<String> roots = snapshot.notCarried();
        List<String> dependents = snapshot.missing().stream().filter(m -> m.contains("(depends on ")).toList();
        return new ToolException(ErrorCode.DB_422_CONSTRAINT, "The backup was not made: it cannot carry "
                + roots.size() + " object(s): " + String.join("; ", roots.subList(0, Math.min(20, roots.size())))
                + (roots.size() > 20 ? " and " + (roots.size() - 20) + " more" : "")
                + (dependents.isEmpty() ? "" : "; and " + dependents.size() + " object(s) depend on them")
                + ". Pass allow_partial: true for a backup without them (it lists what is missing and still restores"
                + " on its own), or back this database up with pg_dump.",
                Map.of("not_carried", roots, "missing", snapshot.missing()));
    }

    private Manifest manifest(String id, BackupType type, Instant created, String file, DatabaseDumper.Prepared prepared,
                              Planned planned, List<DumpWriter.TableStats> written, FileCodec.Writer writer, BackupKey key,
                              boolean compress, String schemaSha, Options options) {
        List<Manifest.TableEntry> tables = new ArrayList<>();
        long rows = 0;
        if (planned.measured() != null) {
            Map<String, DumpWriter.TableStats> writtenByKey = new HashMap<>();
            written.forEach(s -> writtenByKey.put(s.key(), s));
            for (DumpWriter.TableStats measured : planned.measured()) {
                boolean included = planned.changed().contains(measured.key());
                DumpWriter.TableStats stats = included ? writtenByKey.getOrDefault(measured.key(), measured) : measured;
                tables.add(new Manifest.TableEntry(stats.name(), stats.rows(), stats.sha256(), stats.bytes(), included));
                if (included) {
                    rows += stats.rows();
                }
            }
        } else {
            for (DumpWriter.TableStats stats : written) {
                tables.add(new Manifest.TableEntry(stats.name(), stats.rows(), stats.sha256(), stats.bytes(), null));
                rows += stats.rows();
            }
        }
        List<String> chain = planned.chain() == null ? null : new ArrayList<>(planned.chain());
        if (chain != null) {
            chain.add(id);
        }
        return new Manifest(Manifest.FORMAT_VERSION, id, type.id(), file, created.toString(), Instant.now().toString(),
                prepared.snapshot().database(), prepared.snapshot().serverVersion(), toolVersion, planned.includesSchema(),
                planned.includesData(), planned.table(), tables, rows, writer.plainBytes(), writer.storedBytes(),
                writer.storedSha256(), compress ? "gzip" : "none",
                key == null ? null : new Manifest.Encryption("AES-256-GCM", key.idHex(),
                        com.dbadmin.backup.crypto.ChunkedGcm.DEFAULT_CHUNK_SIZE),
                planned.baseBackup(), chain, schemaSha, null, List.copyOf(prepared.snapshot().warnings()),
                List.copyOf(prepared.snapshot().missing()), options.includePrivileges() ? Boolean.TRUE : null, null, null);
    }

    /**
     * A name no other backup has: file names carry the second, so a second backup within the same
     * second (or one that clashes with a file already in the store) takes the next free second.
     */
    String reserve(BackupType type, Instant created, String table, BackupStore store) throws IOException {
        Set<String> taken = new HashSet<>();
        store.list().forEach(f -> {
            String owner = BackupNames.ownerId(f.name());
            if (owner != null) {
                taken.add(owner);
            }
        });
        Instant at = created;
        for (int attempt = 0; attempt < 3600; attempt++) {
            String id = BackupNames.newBackupId(type, at, table);
            if (!taken.contains(id) && reserved.add(id)) {
                return id;
            }
            at = at.plusSeconds(1);
        }
        throw new ToolException(ErrorCode.DB_409_CONFLICT, "No free backup name; too many backups at once.");
    }

    /** Gives back a name {@link #reserve} handed out, once its backup is written or has failed. */
    void release(String id) {
        reserved.remove(id);
    }

    private void applyRetention() {
        try {
            List<String> deleted = inventory.applyRetention(settings.retentionDays(), Instant.now());
            if (!deleted.isEmpty()) {
                LOG.info("Retention ({} days) deleted {} backup(s)", settings.retentionDays(), deleted.size());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Retention could not run: {}", e.getMessage());
        }
    }

    /**
     * Restores into the caller's transaction (all or nothing); see {@link RestoreExecutor}. Every file of
     * the chain is copied and checked against its signed manifest before the first statement runs.
     */
    public RestoreReport restore(Connection connection, Manifest manifest, RestoreOptions options,
                                 ProgressListener progress) throws SQLException {
        List<Manifest> manifests = checked(() -> inventory.chain(manifest));
        if (manifests.get(0).backupType() == BackupType.EXPORT) {
            throw ToolException.validation("Exports are not backups; use db_import_json or db_import_csv.");
        }
        List<StoredBackupFile> files = new ArrayList<>();
        try {
            for (Manifest link : manifests) {
                files.add(StoredBackupFile.fetchChecked(inventory.store(), link, keys));
            }
            return new RestoreExecutor(connection, new ArrayList<ChainFile>(files), options, policy, progress).run();
        } catch (IOException e) {
            throw readFailure(manifest, e);
        } finally {
            files.forEach(StoredBackupFile::close);
        }
    }

    /** What db_validate_backup reports. */
    public record Validation(Manifest manifest, boolean valid, List<String> problems, List<TableCheck> tables,
                             long storedBytes, String storedSha256) {
    }

    public record TableCheck(String table, long rows, long expectedRows, boolean checksumMatches) {
    }

    /**
     * Checks the manifest's signature and the file's HMAC (refusing untrusted backups as a restore does),
     * then reads the whole file: decrypts (authenticating every chunk), decompresses, checks every entry
     * against the statement rules, parses every entry,
     * recounts and rehashes every table's rows and the stored bytes, and compares all of it with the
     * manifest. For an incremental, also checks that its chain is complete.
     */
    public Validation validate(Manifest manifest) {
        List<String> problems = new ArrayList<>();
        List<TableCheck> tables = new ArrayList<>();
        Map<String, Manifest.TableEntry> expected = new HashMap<>();
        if (manifest.tables() != null) {
            manifest.tables().stream().filter(Manifest.TableEntry::carried).forEach(t -> expected.put(t.name(), t));
        }
        if (manifest.backupType() == BackupType.INCREMENTAL) {
            try {
                inventory.chain(manifest);
            } catch (ToolException | IOException e) {
                problems.add(e.getMessage());
            }
        }
        if (manifest.backupType() == BackupType.EXPORT) {
            return validateExport(manifest, problems);
        }
        StoredBackupFile file = null;
        try {
            file = StoredBackupFile.fetch(inventory.store(), manifest, keys);
            DumpReader reader = file.open();
            DumpReader.Entry entry;
            while ((entry = reader.next()) != null) {
                // Whatever a restore would refuse, validation refuses the same way.
                StatementRules.check(manifest.id(), entry.toc(), entry.sql(), manifest.privileges());
                if (entry.toc().isTableData()) {
                    entry.skipData();
                    String name = entry.toc().schema() + "." + entry.toc().name();
                    Manifest.TableEntry want = expected.remove(name);
                    boolean matches = want != null && entry.sha256().equals(want.sha256()) && want.rows() == entry.rows();
                    tables.add(new TableCheck(name, entry.rows(), want == null ? -1 : want.rows(), matches));
                    if (!matches) {
                        problems.add(want == null ? "table " + name + " is in the file but not in the manifest"
                                : "table " + name + " does not match its checksum or row count");
                    }
                }
            }
            expected.keySet().forEach(name -> problems.add("table " + name + " is in the manifest but not in the file"));
            file.finish();
        } catch (NoSuchFileException e) {
            problems.add("the data file " + manifest.file() + " is missing");
        } catch (EncryptionException | DumpFormatException e) {
            problems.add(e.getMessage());
        } catch (ZipException | java.io.EOFException e) {
            problems.add("the compressed data is corrupt or cut (" + e.getMessage() + ")");
        } catch (StoreUnavailableException e) {
            throw storeFailure("The backup could not be read", e);
        } catch (IOException e) {
            problems.add("the file could not be read: " + e.getMessage());
        } finally {
            if (file != null) {
                file.close();
            }
        }
        return new Validation(manifest, problems.isEmpty(), problems, tables, manifest.size(), manifest.sha256());
    }

    private Validation validateExport(Manifest manifest, List<String> problems) {
        try (VerifiedFile verified = VerifiedFile.fetch(inventory.store(), manifest, keys);
             FileCodec.Reader reader = FileCodec.reader(verified.open(), false, manifest.encrypted(), keys.readable())) {
            reader.stream().transferTo(java.io.OutputStream.nullOutputStream());
        } catch (NoSuchFileException e) {
            problems.add("the data file " + manifest.file() + " is missing");
        } catch (EncryptionException e) {
            problems.add(e.getMessage());
        } catch (IOException e) {
            problems.add("the file could not be read: " + e.getMessage());
        }
        return new Validation(manifest, problems.isEmpty(), problems, List.of(), manifest.size(), manifest.sha256());
    }

    /** The backup or export with this id, when this server may run it (else DB_422 with the reason). */
    public Manifest require(String id) {
        return checked(() -> inventory.require(id));
    }

    /** Runs a store operation, turning I/O failures into tool errors. */
    public <T> T checked(StoreCall<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            throw storeFailure("The backup store failed", e);
        }
    }

    @FunctionalInterface
    public interface StoreCall<T> {
        T run() throws IOException;
    }

    /** Errors reading a backup: wrong key, corrupt or cut file, missing file, store down. */
    public ToolException readFailure(Manifest manifest, IOException e) {
        if (e instanceof NoSuchFileException) {
            return ToolException.notFound("The data file of backup '" + manifest.id() + "' is missing from the store.");
        }
        if (e instanceof EncryptionException || e instanceof DumpFormatException) {
            return ToolException.validation("Backup '" + manifest.id() + "' cannot be read: " + e.getMessage()
                    + ". Nothing was changed.");
        }
        if (e instanceof ZipException || e instanceof java.io.EOFException) {
            return ToolException.validation("Backup '" + manifest.id() + "' is corrupt or cut (compressed data: "
                    + e.getMessage() + "). Nothing was changed.");
        }
        return storeFailure("Backup '" + manifest.id() + "' could not be read; nothing was changed", e);
    }

    /** Store failures: unavailable (retry) unless the file simply is not there. */
    public static ToolException storeFailure(String what, IOException e) {
        if (e instanceof NoSuchFileException) {
            return ToolException.notFound(what + ": file not found in the backup store.");
        }
        if (e instanceof FileAlreadyExistsException) {
            return new ToolException(ErrorCode.DB_409_CONFLICT, what + ": a file of that name already exists.");
        }
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ToolException(ErrorCode.DB_503_UNAVAILABLE, what + ": " + reason
                + ". Check the backup store (free space, permissions, S3 bucket and credentials) and retry.",
                Map.of("retryable", true), e);
    }

    private static void deleteQuietly(BackupStore store, String file) {
        try {
            store.delete(file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not delete {} after a failed backup: {}", file, e.getMessage());
        }
    }
}
