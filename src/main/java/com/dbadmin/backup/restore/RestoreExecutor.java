package com.dbadmin.backup.restore;

import com.dbadmin.backup.format.DumpReader;
import com.dbadmin.backup.format.Manifest;
import com.dbadmin.backup.format.TocEntry;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ProgressListener;
import com.dbadmin.call.SqlErrors;
import com.dbadmin.call.ToolException;
import com.dbadmin.guard.TablePolicy;
import com.dbadmin.sql.catalog.Identifiers;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Applies a backup (or an incremental chain) to the database inside the caller's transaction, so a
 * restore either happens completely or not at all. Objects are created in the order of the dump (event
 * triggers after everything) under the search_path of their (possibly remapped) schema; objects that
 * exist are kept unless {@code dropExisting}; rows stream from the file into COPY and are checked
 * against the manifest's per-table SHA-256 as they pass. A dry run does all of it inside a savepoint
 * and rolls that back.
 */
public final class RestoreExecutor {
    private static final Set<String> IGNORED = Set.of("session", "transaction", "search_path", "truncate",
            "foreign_key_drop", "trigger_disable", "trigger_enable", "event_trigger_disable",
            "event_trigger_enable");

    private final Connection connection;
    private final List<ChainFile> chain;
    private final RestoreOptions options;
    private final TablePolicy policy;
    private final RestoreReport report = new RestoreReport();
    private final Set<String> created = new HashSet<>();
    private final List<Deferred> deferred = new ArrayList<>();
    /**
     * Event triggers with their comments and owners. Once one exists it may refuse any later DDL of the
     * restore, so they run after everything else whatever the order of the file.
     */
    private final List<Deferred> eventTriggers = new ArrayList<>();
    private final TableLoader loader;
    private final ProgressListener progress;
    private long tablesLoaded;
    private RestorePlan plan;
    private String searchPath;
    private boolean targetSchemaCreated;

    public RestoreExecutor(Connection connection, List<ChainFile> chain, RestoreOptions options, TablePolicy policy,
                           ProgressListener progress) throws SQLException {
        this.connection = connection;
        this.progress = progress;
        this.chain = chain;
        this.options = options;
        this.policy = policy;
        this.loader = new TableLoader(connection);
    }

    public RestoreReport run() throws SQLException, IOException {
        ChainFile base = chain.get(0);
        DumpReader reader = base.open();
        List<Manifest> manifests = chain.stream().map(ChainFile::manifest).toList();
        plan = RestorePlan.build(reader.toc(), manifests, options, policy);
        Savepoint savepoint = connection.setSavepoint("dbadmin_restore");
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL check_function_bodies = false");
            statement.execute("SET LOCAL client_min_messages = warning");
        }
        if (options.dropExisting()) {
            if (plan.hasSchema()) {
                dropExisting(reader.toc());
            } else {
                emptyTables();
            }
        }
        applyFile(reader, 0);
        base.finish();
        for (int index = 1; index < chain.size(); index++) {
            DumpReader increment = chain.get(index).open();
            applyFile(increment, index);
            chain.get(index).finish();
        }
        for (Deferred post : deferred) {
            execute(post.toc(), post.sql());
        }
        for (Deferred last : eventTriggers) {
            execute(last.toc(), last.sql());
        }
        resetSearchPath();
        if (options.dryRun()) {
            connection.rollback(savepoint);
        } else {
            connection.releaseSavepoint(savepoint);
        }
        return report;
    }

    private void applyFile(DumpReader reader, int index) throws SQLException, IOException {
        boolean last = index == chain.size() - 1;
        boolean base = index == 0;
        Manifest manifest = chain.get(index).manifest();
        DumpReader.Entry entry;
        while ((entry = reader.next()) != null) {
            TocEntry toc = entry.toc();
            // Before anything of the entry runs: it must be a statement the dumper writes for its kind.
            StatementRules.check(manifest.id(), toc, entry.sql(), manifest.privileges());
            if (IGNORED.contains(toc.kind())) {
                continue;
            }
            if (toc.isTableData()) {
                if (toc.owner() != null && toc.owner().startsWith("extension:")) {
                    extensionData(entry, manifest);
                } else if (plan.dataTables().contains(toc.key()) && plan.dataSource(toc.key()) == index) {
                    load(entry, chain.get(index).manifest());
                } else {
                    entry.skipData();
                }
                continue;
            }
            if ("sequence_value".equals(toc.kind())) {
                if (last && (plan.includes(toc.key()) || plan.dataTables().contains(toc.owner())
                        || (!plan.hasSchema() && plan.everything()))) {
                    sequenceValue(toc);
                }
                continue;
            }
            if (!base) {
                continue; // increments contribute rows and sequence values only
            }
            switch (toc.kind()) {
                case "schema" -> schema(toc, entry.sql());
                case "extension" -> extension(toc, entry.sql());
                case "sequence_owner" -> {
                    if (created.contains(toc.key()) && (created.contains(toc.owner()))) {
                        execute(toc, entry.sql());
                    }
                }
                case "large_object" -> largeObject(toc, entry.sql());
                case "large_object_data" -> {
                    if (created.contains(toc.owner())) {
                        execute(toc, entry.sql());
                    }
                }
                default -> {
                    if (RestorePlan.OBJECT_KINDS.contains(toc.kind())) {
                        object(toc, entry.sql());
                    } else {
                        post(toc, entry.sql());
                    }
                }
            }
        }
    }

    /** CREATE EXTENSION IF NOT EXISTS, noting whether this restore created it (its comment and rows follow it). */
    private void extension(TocEntry toc, String sql) throws SQLException {
        if (probe("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = ?)", toc.name())) {
            report.existing("extension " + toc.name());
            return;
        }
        execute(toc, sql);
        created.add(toc.key());
        report.created("extension " + toc.name());
    }

    /** The rows an extension's configuration table holds for the database, when this restore created it. */
    private void extensionData(DumpReader.Entry entry, Manifest manifest) throws SQLException, IOException {
        TocEntry toc = entry.toc();
        if (!created.contains(toc.owner()) || !plan.wholeDatabase()) {
            entry.skipData();
            return;
        }
        String name = toc.schema() + "." + toc.name();
        long rows;
        try {
            rows = loader.copyText(toc.schema(), toc.name(), toc.columns(), entry.data());
        } catch (SQLException e) {
            throw failure("loading the configuration rows of " + name, e);
        }
        checkRows(entry, manifest, name, manifest.tables() == null ? null : manifest.tables().stream()
                .filter(t -> t.name().equals(name)).findFirst().orElse(null));
        report.table(name, name, "created", LoadResult.inserted(rows));
    }

    /** A large object with its OID (full restores into the original schemas only). */
    private void largeObject(TocEntry toc, String sql) throws SQLException {
        if (!plan.wholeDatabase()) {
            return;
        }
        long oid = Long.parseLong(toc.name());
        String label = "large object " + oid;
        if (probe("SELECT EXISTS (SELECT 1 FROM pg_largeobject_metadata WHERE oid = ?::oid)", toc.name())) {
            if (!options.dropExisting()) {
                report.existing(label);
                return;
            }
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_catalog.lo_unlink(?)")) {
                statement.setLong(1, oid);
                statement.execute();
            }
            report.dropped(label);
        }
        execute(toc, sql);
        created.add(toc.key());
        report.created(label);
    }

    private void schema(TocEntry toc, String sql) throws SQLException {
        if (plan.targetSchema() != null) {
            if (!targetSchemaCreated) {
                targetSchemaCreated = true;
                run("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(plan.targetSchema()));
            }
            return;
        }
        // CREATE SCHEMA checks the CREATE privilege on the database even with IF NOT EXISTS, so an
        // existing schema is not created again (a restoring user may own schemas but not the database).
        if ((plan.everything() || plan.includedSchemas().contains(toc.name()))
                && !probe("SELECT to_regnamespace(?) IS NOT NULL", Identifiers.quote(toc.name()))) {
            run(sql);
        }
    }

    private void object(TocEntry toc, String sql) throws SQLException {
        if (!plan.includes(toc.key())) {
            return;
        }
        if (RestorePlan.DATABASE_LAST.contains(toc.kind()) && !plan.wholeDatabase()) {
            return;
        }
        if (plan.targetSchema() != null && !targetSchemaCreated) {
            targetSchemaCreated = true;
            run("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(plan.targetSchema()));
        }
        searchPath(toc.schema());
        String label = label(toc);
        if (exists(toc)) {
            report.existing(label);
            return;
        }
        if ("event_trigger".equals(toc.kind())) {
            eventTriggers.add(new Deferred(toc, sql));
        } else {
            execute(toc, sql);
        }
        created.add(toc.key());
        report.created(label);
    }

    private void post(TocEntry toc, String sql) throws SQLException {
        boolean applies = switch (toc.kind()) {
            case "foreign_key" -> created.contains(toc.owner()) && referencedTableAvailable(toc);
            // A new publication gets all its members; a kept one, the tables this restore recreated.
            case "publication_member" -> toc.references() == null ? created.contains(toc.owner())
                    : (created.contains(toc.owner()) && referencedTableAvailable(toc))
                    || (created.contains(toc.references()) && publicationExists(toc));
            case "matview_data" -> created.contains(toc.key());
            // Default privileges belong to no object: only a restore of the whole database sets them.
            default -> toc.owner() == null ? plan.wholeDatabase() && !"comment".equals(toc.kind())
                    : created.contains(toc.owner()) || (toc.owner().startsWith("schema:") && plan.wholeDatabase());
        };
        if (!applies) {
            if ("foreign_key".equals(toc.kind()) && created.contains(toc.owner())) {
                report.warning("foreign key " + toc.name() + " of " + plan.map(toc.schema()) + " was not created: the"
                        + " table it references is not part of this restore");
            }
            return;
        }
        if (toc.owner() != null && toc.owner().startsWith("event_trigger:")) {
            eventTriggers.add(new Deferred(toc, sql));
        } else if (chain.size() > 1) {
            // Keys, indexes and triggers follow the rows, and in a chain the rows come from later files.
            deferred.add(new Deferred(toc, sql));
        } else {
            execute(toc, sql);
        }
    }

    private boolean publicationExists(TocEntry member) throws SQLException {
        TocEntry publication = plan.objects().get(member.owner());
        return publication != null && plan.wholeDatabase() && exists(publication);
    }

    private boolean referencedTableAvailable(TocEntry toc) throws SQLException {
        if (toc.references() == null) {
            return false;
        }
        if (created.contains(toc.references())) {
            return true;
        }
        if (plan.targetSchema() != null) {
            return false; // a foreign key from an inspection copy must not point at live tables
        }
        TocEntry referenced = plan.objects().get(toc.references());
        return referenced != null && regclass(Identifiers.qualified(referenced.schema(), referenced.name()));
    }

    private void load(DumpReader.Entry entry, Manifest manifest) throws SQLException, IOException {
        TocEntry toc = entry.toc();
        String schema = plan.map(toc.schema());
        String source = toc.schema() + "." + toc.name();
        String target = schema + "." + toc.name();
        searchPath(toc.schema());
        LoadResult result;
        String mode;
        try {
            if (created.contains(toc.key())) {
                result = LoadResult.inserted(loader.copyText(schema, toc.name(), toc.columns(), entry.data()));
                mode = "created";
            } else {
                if (!regclass(Identifiers.qualified(schema, toc.name()))) {
                    throw ToolException.notFound("Table " + target + " does not exist and this backup does not create it"
                            + " (a data-only backup). Create it first, or restore a backup that includes the schema.");
                }
                result = loader.merge(schema, toc.name(), toc.columns(), options.conflict(),
                        loader.copyFiller(entry.data(), null));
                mode = "merged";
            }
        } catch (SQLException e) {
            throw failure("loading rows into " + target, e);
        }
        Manifest.TableEntry expected = plan.expected(toc.key());
        if (expected == null && manifest.tables() != null) {
            expected = manifest.tables().stream().filter(t -> t.name().equals(source)).findFirst().orElse(null);
        }
        checkRows(entry, manifest, source, expected);
        report.table(source, target, mode, result);
        tablesLoaded++;
        progress.progress(tablesLoaded, chain.size() == 1 ? (long) plan.dataTables().size() : null,
                "restored " + source);
    }

    private static void checkRows(DumpReader.Entry entry, Manifest manifest, String table, Manifest.TableEntry expected) {
        if (expected != null && expected.sha256() != null
                && (!expected.sha256().equals(entry.sha256()) || expected.rows() != entry.rows())) {
            throw new ToolException(ErrorCode.DB_422_CONSTRAINT, "The rows of " + table + " in " + manifest.file()
                    + " do not match the checksum in its manifest: the backup is corrupt. Nothing was restored.");
        }
    }

    private void sequenceValue(TocEntry toc) throws SQLException {
        String schema = plan.map(toc.schema());
        String sequence = Identifiers.qualified(schema, toc.name());
        if (!regclass(sequence)) {
            return;
        }
        boolean fresh = created.contains(toc.key()) || (toc.owner() != null && created.contains(toc.owner()));
        if (!fresh && options.dryRun()) {
            // setval is not transactional: on a kept sequence it would outlive the dry run's rollback.
            return;
        }
        String sql = fresh
                ? "SELECT pg_catalog.setval(?, ?, ?)"
                // A kept sequence never moves backwards: rows it already numbered must not collide.
                : "SELECT CASE WHEN last_value < ? THEN pg_catalog.setval(?, ?, ?) END FROM " + sequence;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            if (!fresh) {
                statement.setLong(i++, toc.value());
            }
            statement.setString(i++, sequence);
            statement.setLong(i++, toc.value());
            statement.setBoolean(i, Boolean.TRUE.equals(toc.called()));
            statement.execute();
        } catch (SQLException e) {
            throw failure("setting sequence " + schema + "." + toc.name(), e);
        }
    }

    /** Drops the selected objects that exist, dependents first, never with CASCADE. */
    private void dropExisting(List<TocEntry> toc) throws SQLException {
        List<TocEntry> objects = new ArrayList<>();
        for (TocEntry entry : toc) {
            // Servers, wrappers and user mappings are kept, never dropped: recreating a user mapping would
            // lose the credentials a backup does not carry. Publications and event triggers are the
            // backup's in a restore of the whole database.
            boolean schemaObject = TocEntry.PRE.equals(entry.section()) && entry.schema() != null;
            boolean lastObject = RestorePlan.DATABASE_LAST.contains(entry.kind()) && plan.wholeDatabase();
            if ((schemaObject || lastObject) && plan.objects().containsKey(entry.key())
                    && plan.includes(entry.key()) && entry.kind().equals(plan.objects().get(entry.key()).kind())) {
                objects.add(entry);
            }
        }
        // An existing event trigger could refuse the DDL of the drops below: it goes first.
        for (TocEntry entry : objects) {
            if ("event_trigger".equals(entry.kind())) {
                drop(entry);
            }
        }
        for (TocEntry entry : objects) {
            if ("table".equals(entry.kind())) {
                dropForeignKeysOf(Identifiers.qualified(plan.map(entry.schema()), entry.name()));
            }
        }
        for (int i = objects.size() - 1; i >= 0; i--) {
            drop(objects.get(i));
        }
    }

    private void drop(TocEntry entry) throws SQLException {
        searchPath(entry.schema());
        if (!exists(entry)) {
            return;
        }
        String name = entry.schema() == null ? Identifiers.quote(entry.name())
                : Identifiers.qualified(plan.map(entry.schema()), entry.name());
        String sql = switch (entry.kind()) {
            case "table" -> "DROP TABLE " + name;
            case "view" -> "DROP VIEW " + name;
            case "matview" -> "DROP MATERIALIZED VIEW " + name;
            case "sequence" -> "DROP SEQUENCE " + name;
            case "domain" -> "DROP DOMAIN " + name;
            case "type" -> "DROP TYPE " + name;
            case "function" -> "DROP ROUTINE " + routine(entry);
            case "aggregate" -> "DROP AGGREGATE " + aggregate(entry);
            case "foreign_table" -> "DROP FOREIGN TABLE " + name;
            case "collation" -> "DROP COLLATION " + name;
            case "ts_dictionary" -> "DROP TEXT SEARCH DICTIONARY " + name;
            case "ts_config" -> "DROP TEXT SEARCH CONFIGURATION " + name;
            case "publication" -> "DROP PUBLICATION " + name;
            case "event_trigger" -> "DROP EVENT TRIGGER " + name;
            default -> null;
        };
        if (sql == null) {
            return;
        }
        try {
            run(sql);
        } catch (SQLException e) {
            if ("2BP01".equals(e.getSQLState())) {
                throw new ToolException(ErrorCode.DB_409_CONFLICT, "Cannot drop " + label(entry) + ": other objects"
                        + " that this restore does not replace depend on it (views, foreign keys, defaults)."
                        + " Restore them together, restore into another schema (targetSchema), or restore"
                        + " without dropExisting. Nothing was changed.");
            }
            throw failure("dropping " + label(entry), e);
        }
        report.dropped(label(entry));
    }

    private void dropForeignKeysOf(String table) throws SQLException {
        if (!regclass(table)) {
            return;
        }
        List<String> names = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT conname FROM pg_constraint WHERE conrelid = to_regclass(?) AND contype = 'f' AND conparentid = 0")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        for (String name : names) {
            run("ALTER TABLE " + table + " DROP CONSTRAINT " + Identifiers.quote(name));
        }
    }

    /** dropExisting for a data-only backup: the selected tables are emptied first. */
    private void emptyTables() throws SQLException {
        List<String> names = new ArrayList<>();
        for (String key : plan.dataTables()) {
            TocEntry data = plan.dataEntry(key);
            String name = Identifiers.qualified(plan.map(data.schema()), data.name());
            if (regclass(name)) {
                names.add(name);
            }
        }
        if (!names.isEmpty()) {
            try {
                run("TRUNCATE ONLY " + String.join(", ", names));
            } catch (SQLException e) {
                if ("0A000".equals(e.getSQLState())) {
                    throw new ToolException(ErrorCode.DB_409_CONFLICT, "The tables cannot be emptied: other tables"
                            + " reference them with foreign keys. Restore those tables too, or omit dropExisting.");
                }
                throw failure("emptying the tables", e);
            }
            names.forEach(report::dropped);
        }
    }

    /** A statement held back until the last file of a chain has delivered its rows. */
    private record Deferred(TocEntry toc, String sql) {
    }

    private boolean exists(TocEntry entry) throws SQLException {
        String schema = plan.map(entry.schema());
        String qualified = schema == null ? null : Identifiers.quote(schema) + "." + Identifiers.quote(entry.name());
        return switch (entry.kind()) {
            case "type", "domain" -> probe("SELECT to_regtype(?) IS NOT NULL", qualified);
            case "function", "aggregate" -> probe("SELECT to_regprocedure(?) IS NOT NULL",
                    Identifiers.quote(schema) + "." + entry.signature());
            case "collation" -> probe(schema, entry.name(), "SELECT EXISTS (SELECT 1 FROM pg_collation c JOIN pg_namespace n"
                    + " ON n.oid = c.collnamespace WHERE n.nspname = ? AND c.collname = ?)");
            case "ts_dictionary" -> probe(schema, entry.name(), "SELECT EXISTS (SELECT 1 FROM pg_ts_dict d JOIN pg_namespace n"
                    + " ON n.oid = d.dictnamespace WHERE n.nspname = ? AND d.dictname = ?)");
            case "ts_config" -> probe(schema, entry.name(), "SELECT EXISTS (SELECT 1 FROM pg_ts_config c JOIN pg_namespace n"
                    + " ON n.oid = c.cfgnamespace WHERE n.nspname = ? AND c.cfgname = ?)");
            case "fdw" -> probe("SELECT EXISTS (SELECT 1 FROM pg_foreign_data_wrapper WHERE fdwname = ?)", entry.name());
            case "server" -> probe("SELECT EXISTS (SELECT 1 FROM pg_foreign_server WHERE srvname = ?)", entry.name());
            case "user_mapping" -> probe("SELECT EXISTS (SELECT 1 FROM pg_user_mappings WHERE (CASE WHEN umuser = 0"
                    + " THEN 'PUBLIC' ELSE quote_ident(usename) END) || ' SERVER ' || srvname = ?)", entry.name());
            case "publication" -> probe("SELECT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = ?)", entry.name());
            case "event_trigger" -> probe("SELECT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = ?)", entry.name());
            default -> regclass(qualified);
        };
    }

    private boolean probe(String first, String second, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, first);
            statement.setString(2, second);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** A routine's name as the catalogue prints it (never text from the file inside a statement). */
    private String routine(TocEntry entry) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regprocedure(?)::oid::regprocedure::text")) {
            statement.setString(1, Identifiers.quote(plan.map(entry.schema())) + "." + entry.signature());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** An aggregate as DROP AGGREGATE names it (with ORDER BY for ordered-set ones), from the catalogue. */
    private String aggregate(TocEntry entry) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT p.oid::regproc::text || '('"
                + " || coalesce(nullif(pg_get_function_identity_arguments(p.oid), ''), '*') || ')' FROM pg_proc p"
                + " WHERE p.oid = to_regprocedure(?)")) {
            statement.setString(1, Identifiers.quote(plan.map(entry.schema())) + "." + entry.signature());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private boolean regclass(String qualified) throws SQLException {
        return probe("SELECT to_regclass(?) IS NOT NULL", qualified);
    }

    private boolean probe(String sql, String argument) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, argument);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private void searchPath(String schema) throws SQLException {
        String mapped = plan.map(schema);
        if (mapped == null) {
            return;
        }
        if (mapped == null || Objects.equals(mapped, searchPath)) {
            return;
        }
        run("SET LOCAL search_path = " + Identifiers.quote(mapped));
        searchPath = mapped;
    }

    private void resetSearchPath() throws SQLException {
        // The transaction goes on (audit, commit): leave it with the connection's usual path.
        run("SET LOCAL search_path TO DEFAULT");
        searchPath = null;
    }

    private void execute(TocEntry toc, String sql) throws SQLException {
        if (toc.schema() != null) {
            searchPath(toc.schema());
        }
        try {
            run(sql);
        } catch (SQLException e) {
            throw failure(describe(toc), e);
        }
    }

    private void run(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private String describe(TocEntry toc) {
        String name = toc.name() != null ? toc.name() : toc.key() != null ? toc.key() : toc.owner();
        return "creating " + toc.kind().replace('_', ' ') + " " + name
                + (toc.owner() != null && !Objects.equals(toc.owner(), toc.key()) ? " of " + toc.owner() : "");
    }

    private String label(TocEntry toc) {
        String schema = plan.map(toc.schema());
        return toc.kind() + " " + (schema == null ? "" : schema + ".")
                + (toc.signature() != null ? toc.signature() : toc.name());
    }

    /** A failed statement, with what the restore was doing; the transaction rolls everything back. */
    private ToolException failure(String doing, SQLException e) {
        ToolException translated = SqlErrors.translate(e);
        String hint = translated.code() == ErrorCode.DB_409_CONFLICT
                ? " Use onConflict 'skip' or 'overwrite', dropExisting, or a targetSchema." : "";
        return new ToolException(translated.code(), "Restore failed while " + doing + ": " + translated.getMessage()
                .replace(" Use on_conflict to skip or update existing rows.", "") + hint + " Nothing was changed.",
                translated.details(), e);
    }
}
