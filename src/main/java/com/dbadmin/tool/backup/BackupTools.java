package com.dbadmin.tool.backup;

import com.dbadmin.backup.BackupInventory;
import com.dbadmin.backup.BackupNames;
import com.dbadmin.backup.BackupService;
import com.dbadmin.backup.BackupTrust;
import com.dbadmin.backup.format.BackupType;
import com.dbadmin.backup.format.Manifest;
import com.dbadmin.backup.restore.ConflictMode;
import com.dbadmin.backup.restore.RestoreOptions;
import com.dbadmin.backup.restore.RestoreReport;
import com.dbadmin.backup.transfer.ExportService;
import com.dbadmin.backup.transfer.ImportService;
import com.dbadmin.call.Args;
import com.dbadmin.call.ConnectionKind;
import com.dbadmin.call.Scope;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.ToolGroup;
import com.dbadmin.call.ToolHints;
import com.dbadmin.guard.LongOperations;
import com.dbadmin.guard.TableAccess;
import com.dbadmin.guard.TablePolicy;
import com.dbadmin.sql.catalog.TableInfo;
import com.dbadmin.tool.CommonSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static com.dbadmin.tool.JsonSchemas.*;

/**
 * The backup group: consistent logical backups (full, one table, incremental) to the backup store,
 * exports and imports of one table, restores, listing, validation and deletion. Backups, exports,
 * listing and validation need db:backup; restores, imports and deletion need db:restore. Backups and
 * restores run on a direct connection ({@link ConnectionKind#DIRECT}); exports and imports work on one table
 * in the call's own transaction and run on the pool like any call.
 */
@Factory
class BackupTools {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final BackupService backups;
    private final ExportService exports;
    private final ImportService imports;
    private final TableAccess tables;
    private final TablePolicy policy;
    private final LongOperations longOperations;
    private final BackupTrust trust;

    public BackupTools(BackupService backups, ExportService exports, ImportService imports, TableAccess tables,
                       TablePolicy policy, LongOperations longOperations, BackupTrust trust) {
        this.longOperations = longOperations;
        this.trust = trust;
        this.backups = backups;
        this.exports = exports;
        this.imports = imports;
        this.tables = tables;
        this.policy = policy;
    }

    // ---------------------------------------------------------------------------------------------
    // Backups
    // ---------------------------------------------------------------------------------------------

    @Singleton
    @Named("db_backup_full")
    ToolDefinition backupFull() {
        return ToolDefinition.builder("db_backup_full")
                .title("Full backup")
                .description("Back up every table policy allows from one snapshot, as plain SQL psql can restore"
                        + " (schema objects and data), to the backup store with a checksummed manifest.")
                .group(ToolGroup.BACKUP, Scope.BACKUP)
                .hints(ToolHints.ADDITIVE)
                .connection(ConnectionKind.DIRECT)
                .input(object()
                        .optional("compress", compress())
                        .optional("includeSchema", bool("Default true; false: data only"))
                        .optional("include_privileges", includePrivileges())
                        .optional("allow_partial", allowPartial())
                        .build())
                .output(CommonSchemas.output(backupResult()))
                .handler(longOperations.limit(call -> backupResult(backups.full(call.args().optBoolean("includeSchema", true),
                        call.args().optBoolean("compress", backups.settings().compressByDefault()), options(call),
                        call.progressListener()), call)));
    }

    @Singleton
    @Named("db_backup_table")
    ToolDefinition backupTable() {
        return ToolDefinition.builder("db_backup_table")
                .title("Table backup")
                .description("Back up one table (structure, keys, indexes, triggers, owned sequences and/or rows)"
                        + " from a snapshot.")
                .group(ToolGroup.BACKUP, Scope.BACKUP)
                .hints(ToolHints.ADDITIVE)
                .connection(ConnectionKind.DIRECT)
                .tableArgument("table")
                .input(object()
                        .required("table", CommonSchemas.table())
                        .optional("dataOnly", bool(null))
                        .optional("schemaOnly", bool(null))
                        .optional("compress", compress())
                        .optional("include_privileges", includePrivileges())
                        .optional("allow_partial", allowPartial())
                        .build())
                .output(CommonSchemas.output(backupResult()))
                .handler(longOperations.limit(this::backupTable));
    }

    @Singleton
    @Named("db_backup_incremental")
    ToolDefinition backupIncremental() {
        return ToolDefinition.builder("db_backup_incremental")
                .title("Incremental backup")
                .description("Back up the tables whose rows changed (by checksum) since a base backup (default: the"
                        + " newest); restoring it restores the whole chain.")
                .group(ToolGroup.BACKUP, Scope.BACKUP)
                .hints(ToolHints.ADDITIVE)
                .connection(ConnectionKind.DIRECT)
                .input(object()
                        .optional("baseBackup", string("As db_list_backups names it"))
                        .optional("compress", compress())
                        .build())
                .output(CommonSchemas.output(backupResult()))
                .handler(longOperations.limit(this::backupIncremental));
    }

    private ObjectNode backupTable(ToolCall call) {
        Args args = call.args();
        TableInfo table = tables.readable(call, args.string("table"));
        boolean dataOnly = args.optBoolean("dataOnly", false);
        boolean schemaOnly = args.optBoolean("schemaOnly", false);
        return backupResult(backups.table(table.schema(), table.name(), !dataOnly, !schemaOnly,
                args.optBoolean("compress", backups.settings().compressByDefault()), options(call),
                call.progressListener()), call);
    }

    private ObjectNode backupIncremental(ToolCall call) {
        String base = call.args().optString("baseBackup", null);
        if (base == null || base.isBlank()) {
            base = backups.checked(() -> backups.inventory().trusted()).stream()
                    .filter(m -> m.backupType() == BackupType.FULL || m.backupType() == BackupType.INCREMENTAL)
                    .filter(m -> m.includesSchema() && m.includesData() && m.schemaSha256() != null)
                    .findFirst().map(Manifest::id)
                    .orElseThrow(() -> ToolException.notFound("There is no full backup to build on; run db_backup_full"
                            + " first."));
        }
        boolean compress = call.args().optBoolean("compress", backups.settings().compressByDefault());
        return backupResult(backups.incremental(base, compress, call.progressListener()), call);
    }

    private static ObjectNode includePrivileges() {
        return bool("Carry owners and grants (default false, like pg_dump --no-owner --no-privileges); the roles"
            + " must exist where it is restored");
    }

    private static ObjectNode allowPartial() {
        return bool("Leave out objects a backup cannot carry, and their dependents, listed under 'missing'"
            + " (default false: the backup fails naming them)");
    }

    private static BackupService.Options options(ToolCall call) {
        return new BackupService.Options(call.args().optBoolean("include_privileges", false),
                call.args().optBoolean("allow_partial", false));
    }

    private ObjectNode backupResult(Manifest manifest, ToolCall call) {
        call.details().rowCount(manifest.totalRows());
        ObjectNode result = describe(manifest);
        result.put("location", backups.inventory().store().location());
        if (manifest.backupType() == BackupType.INCREMENTAL) {
            ArrayNode changed = result.putArray("changed_tables");
            long unchanged = 0;
            for (Manifest.TableEntry table : manifest.tables()) {
                if (table.carried()) {
                    changed.add(table.name());
                } else {
                    unchanged++;
                }
            }
            result.put("unchanged_tables", unchanged);
        }
        ArrayNode warnings = result.putArray("warnings");
        if (manifest.warnings() != null) {
            manifest.warnings().forEach(warnings::add);
        }
        return result;
    }

    /** What a partial backup (allow_partial) left out, with the reasons; empty for complete backups. */
    private static void missing(ObjectNode result, Manifest manifest) {
        ArrayNode missing = result.putArray("missing");
        if (manifest.missing() != null) {
            manifest.missing().forEach(missing::add);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Exports and imports
    // ---------------------------------------------------------------------------------------------

    @Singleton
    @Named("db_export_json")
    ToolDefinition exportJson() {
        return export("db_export_json", ExportService.Format.JSON, "a JSON array of row objects (bytea as base64,"
                + " json as JSON, arrays as arrays)");
    }

    @Singleton
    @Named("db_export_csv")
    ToolDefinition exportCsv() {
        return export("db_export_csv", ExportService.Format.CSV, "PostgreSQL-style CSV with a header row (NULL is an"
                + " unquoted empty field)");
    }

    private ToolDefinition export(String name, ExportService.Format format, String what) {
        return ToolDefinition.builder(name)
                .title("Export rows as " + format.name())
                .description("Export a table's rows (optionally filtered, limited) to a file in the backup store: "
                        + what + "; db_import_" + format.id() + " reads it back.")
                .group(ToolGroup.BACKUP, Scope.BACKUP)
                .hints(ToolHints.ADDITIVE)
                .tableArgument("table")
                .input(object()
                        .required("table", CommonSchemas.table())
                        .optional("where", CommonSchemas.where("Rows to export"))
                        .optional("limit", integer(null, 1, Integer.MAX_VALUE))
                        .build())
                .output(CommonSchemas.output(result()
                        .field("file", type("string"))
                        .field("id", type("string"))
                        .field("table", type("string"))
                        .field("format", type("string"))
                        .field("rows", type("integer"))
                        .field("size", type("integer"))
                        .field("sha256", type("string"))
                        .field("encrypted", type("boolean"))
                        .field("location", type("string"))
                        .build()))
                .handler(longOperations.limit(call -> {
                    TableInfo table = tables.readable(call, call.args().string("table"));
                    JsonNode limit = call.args().get("limit");
                    Manifest manifest = exports.export(call, table, call.args().get("where"),
                            limit == null ? null : limit.asInt(), format);
                    ObjectNode result = F.objectNode();
                    result.put("file", manifest.file());
                    result.put("id", manifest.id());
                    result.put("table", table.qualifiedName());
                    result.put("format", format.id());
                    result.put("rows", manifest.totalRows());
                    result.put("size", manifest.size());
                    result.put("sha256", manifest.sha256());
                    result.put("encrypted", manifest.encrypted());
                    result.put("location", backups.inventory().store().location());
                    return result;
                }));
    }

    @Singleton
    @Named("db_import_json")
    ToolDefinition importJson() {
        return ToolDefinition.builder("db_import_json")
                .title("Import rows from JSON")
                .description("Load rows from a JSON file in the backup store (array of objects or one per line), all"
                        + " or none.")
                .group(ToolGroup.BACKUP, Scope.RESTORE)
                .hints(ToolHints.DESTRUCTIVE)
                .tableArgument("table")
                .input(object()
                        .required("table", CommonSchemas.table())
                        .required("jsonFile", fileName(".json, .jsonl or .ndjson, maybe .gz/.enc"))
                        .optional("onConflict", conflict())
                        .optional("dryRun", dryRun())
                        .build())
                .output(CommonSchemas.output(importResult()))
                .handler(longOperations.limit(call -> {
                    TableInfo table = tables.writable(call, call.args().string("table"));
                    String file = BackupNames.importFile(call.args().string("jsonFile"), "jsonFile", "json", "jsonl",
                            "ndjson");
                    boolean dryRun = call.args().optBoolean("dryRun", false);
                    return importResult(table, file, dryRun, imports.importJson(call, table, file,
                            ConflictMode.parse(call.args().optString("onConflict", null)), dryRun));
                }));
    }

    @Singleton
    @Named("db_import_csv")
    ToolDefinition importCsv() {
        return ToolDefinition.builder("db_import_csv")
                .title("Import rows from CSV")
                .description("Load rows from a CSV file in the backup store (PostgreSQL CSV: unquoted empty is NULL),"
                        + " all or none.")
                .group(ToolGroup.BACKUP, Scope.RESTORE)
                .hints(ToolHints.DESTRUCTIVE)
                .tableArgument("table")
                .input(object()
                        .required("table", CommonSchemas.table())
                        .required("csvFile", fileName(".csv, maybe .gz/.enc"))
                        .optional("hasHeaders", bool("Default true; false: the table's columns in order"))
                        .optional("onConflict", conflict())
                        .optional("dryRun", dryRun())
                        .build())
                .output(CommonSchemas.output(importResult()))
                .handler(longOperations.limit(call -> {
                    TableInfo table = tables.writable(call, call.args().string("table"));
                    String file = BackupNames.importFile(call.args().string("csvFile"), "csvFile", "csv");
                    boolean dryRun = call.args().optBoolean("dryRun", false);
                    return importResult(table, file, dryRun, imports.importCsv(call, table, file,
                            call.args().optBoolean("hasHeaders", true),
                            ConflictMode.parse(call.args().optString("onConflict", null)), dryRun));
                }));
    }

    private ObjectNode importResult(TableInfo table, String file, boolean dryRun, ImportService.Result imported) {
        ObjectNode result = F.objectNode();
        result.put("table", table.qualifiedName());
        result.put("file", file);
        result.put("rows", imported.load().rows());
        result.put("inserted", imported.load().inserted());
        result.put("updated", imported.load().updated());
        result.put("skipped", imported.load().skipped());
        result.put("dry_run", dryRun);
        ArrayNode columns = result.putArray("columns");
        imported.columns().forEach(columns::add);
        ArrayNode ignored = result.putArray("ignored_columns");
        imported.ignoredColumns().forEach(ignored::add);
        return result;
    }

    // ---------------------------------------------------------------------------------------------
    // Restores
    // ---------------------------------------------------------------------------------------------

    @Singleton
    @Named("db_restore_full")
    ToolDefinition restoreFull() {
        return ToolDefinition.builder("db_restore_full")
                .title("Restore a backup")
                .description("Restore a backup (an incremental: its chain) in one transaction, all or nothing;"
                        + " existing objects are kept unless dropExisting.")
                .group(ToolGroup.BACKUP, Scope.RESTORE)
                .hints(ToolHints.DESTRUCTIVE)
                .connection(ConnectionKind.DIRECT)
                .input(object()
                        .required("backupFile", fileName(null))
                        .optional("dropExisting", bool("Drop and recreate the backup's existing objects (never CASCADE)"))
                        .optional("onConflict", conflict())
                        .optional("dryRun", dryRun())
                        .optional("tables", arrayOf("Only these tables", CommonSchemas.table()))
                        .optional("targetSchema", string("Restore into this schema instead"))
                        .build())
                .output(CommonSchemas.output(restoreResult()))
                .handler(longOperations.limit(call -> {
                    List<String> subset = new ArrayList<>();
                    ArrayNode requested = call.args().optArray("tables");
                    if (requested != null) {
                        requested.forEach(t -> subset.add(t.asText()));
                    }
                    return restore(call, call.args().string("backupFile"), new RestoreOptions(
                            call.args().optBoolean("dropExisting", false),
                            ConflictMode.parse(call.args().optString("onConflict", null)),
                            call.args().optBoolean("dryRun", false), subset,
                            call.args().optString("targetSchema", null)));
                }));
    }

    @Singleton
    @Named("db_restore_table")
    ToolDefinition restoreTable() {
        return ToolDefinition.builder("db_restore_table")
                .title("Restore one table")
                .description("Restore one table from a backup in one transaction: created if missing, else its rows"
                        + " are loaded.")
                .group(ToolGroup.BACKUP, Scope.RESTORE)
                .hints(ToolHints.DESTRUCTIVE)
                .connection(ConnectionKind.DIRECT)
                .tableArgument("table")
                .input(object()
                        .required("backupFile", fileName(null))
                        .required("table", CommonSchemas.table())
                        .optional("onConflict", conflict())
                        .optional("dryRun", dryRun())
                        .optional("targetSchema", string("Restore into this schema instead"))
                        .build())
                .output(CommonSchemas.output(restoreResult()))
                .handler(longOperations.limit(call -> {
                    String table = call.args().string("table");
                    policy.checkRequestedName(table);
                    policy.checkRequestedNameWritable(table);
                    call.details().table(table);
                    return restore(call, call.args().string("backupFile"), new RestoreOptions(false,
                            ConflictMode.parse(call.args().optString("onConflict", null)),
                            call.args().optBoolean("dryRun", false), List.of(table),
                            call.args().optString("targetSchema", null)));
                }));
    }

    private ObjectNode restore(ToolCall call, String backupFile, RestoreOptions options) throws SQLException {
        String id = BackupNames.backupIdOf(backupFile, "backupFile");
        Manifest manifest = backups.require(id);
        call.session().statementTimeout(backups.settings().statementTimeout());
        RestoreReport report = backups.restore(call.session().connection(), manifest, options, call.progressListener());
        // Tables may have been created: the catalogue is reloaded once the restore has committed.
        call.details().schemaChanged(!options.dryRun());
        call.details().rowCount(report.rows());
        ObjectNode result = F.objectNode();
        result.put("backup", manifest.file());
        ArrayNode chain = result.putArray("chain");
        (manifest.chain() == null ? List.of(manifest.id()) : manifest.chain()).forEach(chain::add);
        result.put("dry_run", options.dryRun());
        if (options.targetSchema() == null) {
            result.putNull("target_schema");
        } else {
            result.put("target_schema", options.targetSchema().trim());
        }
        result.put("on_conflict", options.conflict().id());
        report.toJson(result);
        // A partial backup restores on its own; the result says what it never held.
        missing(result, manifest);
        return result;
    }

    // ---------------------------------------------------------------------------------------------
    // Listing, validation, deletion
    // ---------------------------------------------------------------------------------------------

    @Singleton
    @Named("db_list_backups")
    ToolDefinition listBackups() {
        return ToolDefinition.builder("db_list_backups")
                .title("List backups")
                .description("List the complete backups and exports in the backup store.")
                .group(ToolGroup.BACKUP, Scope.BACKUP)
                .hints(ToolHints.READ_ONLY)
                .input(object()
                        .optional("type", enumOf("Default all", "full", "table", "incremental", "export", "all"))
                        .optional("sortBy", enumOf("Default created (newest first)", "created", "size", "name"))
                        .optional("limit", integer("Default 50", 1, 1000))
                        .build())
                .output(CommonSchemas.output(result()
                        .field("backups", list(result()
                                .fieldsOf(manifest(backedUpTable()))
                                .field("trusted", type("boolean"))
                                .maybe("problem", type("string"))
                                .build()))
                        .field("count", type("integer"))
                        .field("total", type("integer"))
                        .field("location", type("string"))
                        .build()))
                .handler(this::listBackups);
    }

    private ObjectNode listBackups(ToolCall call) {
        String type = call.args().optString("type", "all").toLowerCase(Locale.ROOT);
        String sortBy = call.args().optString("sortBy", "created");
        int limit = call.args().optInt("limit", 50);
        List<BackupInventory.Listed> all = new ArrayList<>(backups.checked(() -> backups.inventory().list()));
        List<BackupInventory.Listed> matching = all.stream()
                .filter(l -> type.equals("all") || l.manifest().type().equals(type))
                .sorted(switch (sortBy) {
                    case "size" -> Comparator.comparingLong((BackupInventory.Listed l) -> l.manifest().size()).reversed();
                    case "name" -> Comparator.comparing((BackupInventory.Listed l) -> l.manifest().file());
                    default -> Comparator.comparing((BackupInventory.Listed l) -> String.valueOf(l.manifest().created()))
                            .reversed();
                }).toList();
        ObjectNode result = F.objectNode();
        ArrayNode list = result.putArray("backups");
        matching.stream().limit(limit).forEach(l -> {
            ObjectNode entry = describe(l.manifest());
            entry.put("trusted", l.authentic());
            if (!l.authentic()) {
                entry.put("problem", l.problem().reason().id());
            }
            list.add(entry);
        });
        result.put("count", list.size());
        result.put("total", matching.size());
        result.put("location", backups.inventory().store().location());
        return result;
    }

    @Singleton
    @Named("db_validate_backup")
    ToolDefinition validateBackup() {
        return ToolDefinition.builder("db_validate_backup")
                .title("Validate a backup")
                .description("Read a backup completely (decrypt, decompress, parse, recount, rehash) and compare it"
                        + " with its manifest.")
                .group(ToolGroup.BACKUP, Scope.BACKUP)
                .hints(ToolHints.READ_ONLY)
                .input(object()
                        .required("backupFile", fileName(null))
                        .build())
                .output(CommonSchemas.output(result()
                        .fieldsOf(manifest(result()
                                .field("table", type("string"))
                                .field("rows", type("integer"))
                                .field("expected_rows", type("integer"))
                                .field("checksum_ok", type("boolean"))
                                .build()))
                        .field("valid", type("boolean"))
                        .field("problems", CommonSchemas.strings())
                        .build()))
                .handler(call -> {
                    Manifest manifest = backups.require(BackupNames.idOf(call.args().string("backupFile"), "backupFile"));
                    BackupService.Validation validation = backups.validate(manifest);
                    ObjectNode result = describe(manifest);
                    result.put("valid", validation.valid());
                    ArrayNode problems = result.putArray("problems");
                    validation.problems().forEach(problems::add);
                    ArrayNode checked = result.putArray("tables");
                    long rows = 0;
                    for (BackupService.TableCheck table : validation.tables()) {
                        ObjectNode entry = checked.addObject();
                        entry.put("table", table.table());
                        entry.put("rows", table.rows());
                        entry.put("expected_rows", table.expectedRows());
                        entry.put("checksum_ok", table.checksumMatches());
                        rows += table.rows();
                    }
                    if (manifest.backupType() == BackupType.EXPORT) {
                        rows = manifest.totalRows();
                    }
                    result.put("rows", rows);
                    return result;
                });
    }

    @Singleton
    @Named("db_delete_backup")
    ToolDefinition deleteBackup() {
        return ToolDefinition.builder("db_delete_backup")
                .title("Delete a backup")
                .description("Delete a backup or export (file and manifest); refused while an incremental builds on it.")
                .group(ToolGroup.BACKUP, Scope.RESTORE)
                .hints(ToolHints.DESTRUCTIVE_IDEMPOTENT)
                .input(object()
                        .required("backupFile", fileName(null))
                        .build())
                .output(CommonSchemas.output(result()
                        .field("deleted", type("string"))
                        .field("id", type("string"))
                        .field("type", type("string"))
                        .build()))
                .handler(call -> {
                    BackupInventory.Listed listed = backups.checked(() -> backups.inventory().requireListed(
                            BackupNames.idOf(call.args().string("backupFile"), "backupFile")));
                    Manifest manifest = listed.manifest();
                    backups.checked(() -> {
                        backups.inventory().delete(listed);
                        return null;
                    });
                    ObjectNode result = F.objectNode();
                    result.put("deleted", manifest.file());
                    result.put("id", manifest.id());
                    result.put("type", manifest.type());
                    return result;
                });
    }

    @Singleton
    @Named("db_trust_backup")
    ToolDefinition trustBackup() {
        return ToolDefinition.builder("db_trust_backup")
                .title("Review and re-sign a backup")
                .description("Make another server's, an unsigned or an unencrypted backup restorable: without confirm,"
                        + " report what a restore would run; with confirm, write a copy signed by this server.")
                .group(ToolGroup.BACKUP, Scope.ADMIN)
                .hints(ToolHints.ADDITIVE)
                .input(object()
                        .required("backupFile", fileName("Backup data file (or id) in the store to review"))
                        .optional("confirm", bool("Write the signed copy (default false: only report)"))
                        .build())
                .output(CommonSchemas.output(trustResult()))
                .handler(call -> {
                    boolean confirm = call.args().optBoolean("confirm", false);
                    BackupTrust.Review review = trust.review(call.args().string("backupFile"), confirm);
                    if (confirm && !review.refused().isEmpty()) {
                        throw BackupTrust.refusal(review);
                    }
                    ObjectNode result = F.objectNode();
                    result.put("file", review.file());
                    ObjectNode source = result.putObject("source");
                    source.put("id", review.source().id());
                    source.put("type", review.source().type());
                    source.put("database", review.source().database());
                    source.put("server_version", review.source().serverVersion());
                    source.put("created", review.source().created());
                    ObjectNode statements = result.putObject("statements");
                    review.statements().forEach(statements::put);
                    ArrayNode objects = result.putArray("objects");
                    review.objects().forEach(objects::add);
                    ArrayNode functions = result.putArray("functions");
                    review.functions().forEach(functions::add);
                    result.put("privilege_statements", review.privilegeStatements());
                    ArrayNode tableList = result.putArray("tables");
                    for (Manifest.TableEntry table : review.tables()) {
                        tableList.addObject().put("table", table.name()).put("rows", table.rows());
                    }
                    ArrayNode refused = result.putArray("refused");
                    review.refused().forEach(refused::add);
                    result.put("trusted", review.written() != null);
                    if (review.written() != null) {
                        result.put("backup", review.written().file());
                        result.put("id", review.written().id());
                        result.put("encrypted", review.written().encrypted());
                    }
                    return result;
                });
    }

    /** The fields every backup listing and result share. */
    private static ObjectNode describe(Manifest manifest) {
        ObjectNode node = F.objectNode();
        node.put("backup", manifest.file());
        node.put("id", manifest.id());
        node.put("type", manifest.type());
        node.put("created", manifest.created());
        node.put("size", manifest.size());
        node.put("sha256", manifest.sha256());
        node.put("compression", manifest.compression());
        node.put("encrypted", manifest.encrypted());
        node.put("includes_schema", manifest.includesSchema());
        node.put("includes_data", manifest.includesData());
        node.put("includes_privileges", manifest.privileges());
        node.put("partial", manifest.missing() != null && !manifest.missing().isEmpty());
        missing(node, manifest);
        if (manifest.table() != null) {
            node.put("table", manifest.table());
        }
        if (manifest.exportFormat() != null) {
            node.put("format", manifest.exportFormat());
        }
        if (manifest.baseBackup() != null) {
            node.put("base_backup", manifest.baseBackup());
            ArrayNode chain = node.putArray("chain");
            manifest.chain().forEach(chain::add);
        }
        node.put("rows", manifest.totalRows());
        ArrayNode tableList = node.putArray("tables");
        if (manifest.tables() != null) {
            for (Manifest.TableEntry table : manifest.tables()) {
                if (table.carried()) {
                    ObjectNode entry = tableList.addObject();
                    entry.put("table", table.name());
                    entry.put("rows", table.rows());
                }
            }
        }
        node.put("table_count", tableList.size());
        return node;
    }

    private static ObjectNode conflict() {
        return enumOf("Rows whose key exists: fail all (error, default), keep (skip) or replace (overwrite)", "error",
                "skip", "overwrite");
    }

    private static ObjectNode compress() {
        return bool("gzip (default: BACKUP_COMPRESSION)");
    }

    private static ObjectNode dryRun() {
        return bool("Run, report, roll back");
    }

    /** What every backup listing and result share ({@link #describe}); {@code tables} items vary. */
    private static ObjectNode manifest(ObjectNode tableItem) {
        return result()
                .field("backup", type("string"))
                .field("id", type("string"))
                .field("type", type("string"))
                .field("created", CommonSchemas.timestamp())
                .field("size", type("integer"))
                .field("sha256", type("string"))
                .field("compression", nullable("string"))
                .field("encrypted", type("boolean"))
                .field("includes_schema", type("boolean"))
                .field("includes_data", type("boolean"))
                .field("includes_privileges", type("boolean"))
                .field("partial", type("boolean"))
                .field("missing", CommonSchemas.strings())
                .maybe("table", type("string"))
                .maybe("format", type("string"))
                .maybe("base_backup", type("string"))
                .maybe("chain", CommonSchemas.strings())
                .field("rows", type("integer"))
                .field("tables", list(tableItem))
                .field("table_count", type("integer"))
                .build();
    }

    private static ObjectNode backedUpTable() {
        return result().field("table", type("string")).field("rows", type("integer")).build();
    }

    private static ObjectNode backupResult() {
        return result()
                .fieldsOf(manifest(backedUpTable()))
                .field("location", type("string"))
                .maybe("changed_tables", CommonSchemas.strings())
                .maybe("unchanged_tables", type("integer"))
                .field("warnings", CommonSchemas.strings())
                .build();
    }

    private static ObjectNode trustResult() {
        ObjectNode statementCounts = type("object");
        statementCounts.set("additionalProperties", type("integer"));
        return result()
                .field("file", type("string"))
                .field("source", result()
                        .field("id", type("string"))
                        .field("type", type("string"))
                        .field("database", nullable("string"))
                        .field("server_version", nullable("string"))
                        .field("created", nullable("string"))
                        .build())
                .field("statements", statementCounts)
                .field("objects", CommonSchemas.strings())
                .field("functions", CommonSchemas.strings())
                .field("privilege_statements", type("integer"))
                .field("tables", list(backedUpTable()))
                .field("refused", CommonSchemas.strings())
                .field("trusted", type("boolean"))
                .maybe("backup", type("string"))
                .maybe("id", type("string"))
                .maybe("encrypted", type("boolean"))
                .build();
    }

    private static ObjectNode importResult() {
        return result()
                .field("table", type("string"))
                .field("file", type("string"))
                .field("rows", type("integer"))
                .field("inserted", type("integer"))
                .field("updated", type("integer"))
                .field("skipped", type("integer"))
                .field("dry_run", type("boolean"))
                .field("columns", CommonSchemas.strings())
                .field("ignored_columns", CommonSchemas.strings())
                .build();
    }

    private static ObjectNode restoreResult() {
        ObjectNode counts = result()
                .field("rows", type("integer"))
                .field("inserted", type("integer"))
                .field("updated", type("integer"))
                .field("skipped", type("integer"))
                .build();
        return result()
                .field("backup", type("string"))
                .field("chain", CommonSchemas.strings())
                .field("dry_run", type("boolean"))
                .field("target_schema", nullable("string"))
                .field("on_conflict", type("string"))
                .field("created", CommonSchemas.strings())
                .field("dropped", CommonSchemas.strings())
                .field("existing", CommonSchemas.strings())
                .field("tables", list(result()
                        .field("table", type("string"))
                        .field("target", type("string"))
                        .field("mode", type("string"))
                        .fieldsOf(counts)
                        .build()))
                .field("totals", result().field("tables", type("integer")).fieldsOf(counts).build())
                .field("warnings", CommonSchemas.strings())
                .field("missing", CommonSchemas.strings())
                .build();
    }

    private static ObjectNode fileName(String description) {
        ObjectNode node = string((description == null ? "" : description + "; ")
                + "a name in the backup store (db_list_backups), never a path");
        node.put("minLength", 1);
        node.put("maxLength", 255);
        return node;
    }
}
