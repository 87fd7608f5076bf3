package com.dbadmin.backup.dump;

import com.dbadmin.sql.catalog.Identifiers;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Reads the schema from the catalogue inside the backup's snapshot transaction and turns it into DDL,
 * with the server's own deparsers ({@code pg_get_*def}, {@code format_type}) doing the hard part.
 *
 * <p>Every object's DDL is produced with {@code search_path} set to the object's own schema, so names
 * in that schema come out unqualified (pg_catalog stays implicitly first, so built-ins cannot be
 * shadowed). The dump replays each object under the same search_path; a restore into another schema
 * replays it under that one. Dependencies come from {@code pg_depend}; objects that depend on a table
 * left out by policy (restricted tables, the internal schema) are left out too, so the dump always
 * restores into an empty database.
 */
final class SchemaReader {
    /** Objects with lower OIDs are built into PostgreSQL. */
    private static final long FIRST_NORMAL_OID = 16384;

    private static final String NOT_EXTENSION_MEMBER = """
            NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '%s'::regclass AND e.objid = %s AND e.deptype = 'e')""";

    private static final String COLLATION_OF = """
            (SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname)
                         ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END
             FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = %s)""";

    private final Connection connection;
    private final BiPredicate<String, String> tableVisible;
    private final ObjectSnapshot snapshot = new ObjectSnapshot();
    private final Map<Long, DatabaseObject> classes = new HashMap<>();
    private final Map<Long, DatabaseObject> types = new HashMap<>();
    private final Map<Long, DatabaseObject> procs = new HashMap<>();
    private final Map<String, DatabaseObject> all = new LinkedHashMap<>();
    private final Set<String> excluded = new HashSet<>();
    /** Objects read only so that what depends on them can be left out (foreign tables). */
    private final Set<String> unsupported = new HashSet<>();
    private final Map<Long, Long> partitionParents = new HashMap<>();
    private final Map<Long, Long> triggerFunctions = new HashMap<>();
    private final Map<Long, List<TriggerRef>> triggersByTable = new HashMap<>();
    private final Map<Long, List<ForeignKeyRef>> foreignKeys = new HashMap<>();

    /**
     * @param tableVisible whether policy lets a table (schema, name) into backups
     */
    public SchemaReader(Connection connection, BiPredicate<String, String> tableVisible) {
        this.connection = connection;
        this.tableVisible = tableVisible;
    }

    /** Reads everything; the connection's search_path is changed (use SET LOCAL semantics: a transaction). */
    public ObjectSnapshot read() throws SQLException {
        readServer();
        Map<Long, String> schemaNames = readSchemas();
        readExtensions();
        for (Map.Entry<Long, String> schema : schemaNames.entrySet()) {
            setSearchPath(schema.getValue());
            long ns = schema.getKey();
            String name = schema.getValue();
            readEnums(ns, name);
            readDomains(ns, name);
            readComposites(ns, name);
            readSequences(ns, name);
            readFunctions(ns, name);
            readTables(ns, name);
            readForeignTables(ns, name);
            readViews(ns, name);
        }
        // Column details, constraints, indexes and triggers are read per schema too: they refer to
        // other objects by name, so search_path must again be the owning schema.
        for (Map.Entry<Long, String> schema : schemaNames.entrySet()) {
            setSearchPath(schema.getValue());
            readColumns(schema.getKey());
            readChecks(schema.getKey());
            readKeysAndForeignKeys(schema.getKey());
            readIndexes(schema.getKey());
            readIndexAttachments(schema.getKey());
            readTriggers(schema.getKey());
        }
        for (DatabaseObject table : all.values()) {
            if (table.kind() == ObjectKind.TABLE && !unsupported.contains(table.key())) {
                table.ddl(createTable(table, shapes.get(table.oid())));
            }
        }
        resetSearchPath();
        readDependencies();
        warnAboutUnsupported();
        applyPolicy();
        for (DatabaseObject object : all.values()) {
            if (!excluded.contains(object.key())) {
                snapshot.objects().put(object.key(), object);
            }
        }
        return snapshot;
    }

    private void readServer() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_setting('server_version'), current_database()")) {
            rs.next();
            snapshot.serverVersion("PostgreSQL " + rs.getString(1));
            snapshot.database(rs.getString(2));
        }
    }

    private Map<Long, String> readSchemas() throws SQLException {
        Map<Long, String> names = new LinkedHashMap<>();
        String sql = """
                SELECT n.oid, n.nspname, obj_description(n.oid, 'pg_namespace')
                FROM pg_namespace n
                WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' AND %s
                ORDER BY n.nspname""".formatted(NOT_EXTENSION_MEMBER.formatted("pg_namespace", "n.oid"));
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                String name = rs.getString(2);
                names.put(rs.getLong(1), name);
                if (!isInternalSchema(name)) {
                    // public's stock comment ships with every database; only a changed one is worth carrying.
                    String comment = rs.getString(3);
                    if ("public".equals(name) && "standard public schema".equals(comment)) {
                        comment = null;
                    }
                    snapshot.schemas().add(new ObjectSnapshot.SchemaInfo(name, comment));
                }
            }
        }
        return names;
    }

    private void readExtensions() throws SQLException {
        String sql = """
                SELECT e.extname, n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                WHERE e.extname <> 'plpgsql' ORDER BY e.extname""";
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                if (!isInternalSchema(rs.getString(2))) {
                    snapshot.extensions().add(new ObjectSnapshot.ExtensionInfo(rs.getString(1), rs.getString(2)));
                }
            }
        }
    }

    private void readEnums(long ns, String schema) throws SQLException {
        String sql = """
                SELECT t.oid, t.typname,
                       array_to_string(array(SELECT quote_literal(e.enumlabel) FROM pg_enum e
                                             WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder), ', '),
                       obj_description(t.oid, 'pg_type')
                FROM pg_type t WHERE t.typnamespace = ? AND t.typtype = 'e' AND %s
                ORDER BY t.typname""".formatted(NOT_EXTENSION_MEMBER.formatted("pg_type", "t.oid"));
        query(sql, ns, rs -> {
            DatabaseObject type = add(new DatabaseObject(ObjectKind.ENUM, rs.getLong(1), schema, rs.getString(2), null), types);
            type.ddl("CREATE TYPE " + q(type.name()) + " AS ENUM (" + rs.getString(3) + ");\n");
            comment(type, "TYPE " + q(type.name()), rs.getString(4));
        });
    }

    private void readDomains(long ns, String schema) throws SQLException {
        String sql = """
                SELECT t.oid, t.typname, format_type(t.typbasetype, t.typtypmod),
                       CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation THEN %s END,
                       pg_get_expr(t.typdefaultbin, 0, true), t.typnotnull,
                       array(SELECT 'CONSTRAINT ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid, true)
                             FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c' AND c.convalidated
                             ORDER BY c.conname),
                       array(SELECT 'ADD CONSTRAINT ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid, true)
                             FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c' AND NOT c.convalidated
                             ORDER BY c.conname),
                       obj_description(t.oid, 'pg_type')
                FROM pg_type t JOIN pg_type bt ON bt.oid = t.typbasetype
                WHERE t.typnamespace = ? AND t.typtype = 'd' AND %s
                ORDER BY t.typname""".formatted(COLLATION_OF.formatted("t.typcollation"),
                NOT_EXTENSION_MEMBER.formatted("pg_type", "t.oid"));
        query(sql, ns, rs -> {
            DatabaseObject domain = add(new DatabaseObject(ObjectKind.DOMAIN, rs.getLong(1), schema, rs.getString(2), null), types);
            StringBuilder ddl = new StringBuilder("CREATE DOMAIN ").append(q(domain.name())).append(" AS ")
                    .append(rs.getString(3));
            if (rs.getString(4) != null) {
                ddl.append(" COLLATE ").append(rs.getString(4));
            }
            if (rs.getString(5) != null) {
                ddl.append(" DEFAULT ").append(rs.getString(5));
            }
            if (rs.getBoolean(6)) {
                ddl.append(" NOT NULL");
            }
            for (String check : strings(rs.getArray(7))) {
                ddl.append(' ').append(check);
            }
            ddl.append(";\n");
            for (String notValid : strings(rs.getArray(8))) {
                ddl.append("ALTER DOMAIN ").append(q(domain.name())).append(' ').append(notValid).append(";\n");
            }
            domain.ddl(ddl.toString());
            comment(domain, "DOMAIN " + q(domain.name()), rs.getString(9));
        });
    }

    private void readComposites(long ns, String schema) throws SQLException {
        String sql = """
                SELECT t.oid, t.typname, t.typrelid,
                       array_to_string(array(
                           SELECT quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
                                  || CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation
                                          THEN ' COLLATE ' || %s ELSE '' END
                           FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid
                           WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
                           ORDER BY a.attnum), ', '),
                       obj_description(t.oid, 'pg_type')
                FROM pg_type t JOIN pg_class c ON c.oid = t.typrelid
                WHERE t.typnamespace = ? AND t.typtype = 'c' AND c.relkind = 'c' AND %s
                ORDER BY t.typname""".formatted(COLLATION_OF.formatted("a.attcollation"),
                NOT_EXTENSION_MEMBER.formatted("pg_type", "t.oid"));
        query(sql, ns, rs -> {
            DatabaseObject type = add(new DatabaseObject(ObjectKind.COMPOSITE, rs.getLong(1), schema, rs.getString(2), null), types);
            classes.put(rs.getLong(3), type);
            type.ddl("CREATE TYPE " + q(type.name()) + " AS (" + rs.getString(4) + ");\n");
            comment(type, "TYPE " + q(type.name()), rs.getString(5));
        });
    }

    private void readSequences(long ns, String schema) throws SQLException {
        String sql = """
                SELECT c.oid, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin,
                       s.seqmax, s.seqcache, s.seqcycle, d.refobjid, a.attname, obj_description(c.oid, 'pg_class')
                FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid
                LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
                     AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype = 'a'
                LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                WHERE c.relnamespace = ? AND c.relkind = 'S' AND %s
                  AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_class'::regclass
                                  AND i.objid = c.oid AND i.deptype = 'i')
                ORDER BY c.relname""".formatted(NOT_EXTENSION_MEMBER.formatted("pg_class", "c.oid"));
        query(sql, ns, rs -> {
            DatabaseObject sequence = add(new DatabaseObject(ObjectKind.SEQUENCE, rs.getLong(1), schema, rs.getString(2), null),
                    classes);
            sequence.ddl("CREATE SEQUENCE " + q(sequence.name()) + " AS " + rs.getString(3)
                    + sequenceOptions(rs, 4) + ";\n");
            long owner = rs.getLong(10);
            if (!rs.wasNull()) {
                // Resolved to the table's key once every table is known (see resolveOwners).
                sequence.owner(Long.toString(owner), rs.getString(11));
            }
            comment(sequence, "SEQUENCE " + q(sequence.name()), rs.getString(12));
        });
    }

    private void readFunctions(long ns, String schema) throws SQLException {
        String sql = """
                SELECT p.oid, p.proname, p.prokind, p.oid::regprocedure::text, pg_get_functiondef(p.oid),
                       'CREATE OR REPLACE ' || CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END || ' '
                           || quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '(',
                       obj_description(p.oid, 'pg_proc')
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE p.pronamespace = ? AND p.prokind IN ('f', 'p') AND %s
                ORDER BY p.proname, p.oid::regprocedure::text""".formatted(NOT_EXTENSION_MEMBER.formatted("pg_proc", "p.oid"));
        query(sql, ns, rs -> {
            String signature = rs.getString(4);
            DatabaseObject function = add(new DatabaseObject(ObjectKind.FUNCTION, rs.getLong(1), schema, rs.getString(2),
                    signature), procs);
            String definition = rs.getString(5);
            String qualifiedPrefix = rs.getString(6);
            // pg_get_functiondef always qualifies the function's own name; drop the schema so the
            // definition follows search_path like every other object.
            if (definition.startsWith(qualifiedPrefix)) {
                String kindWord = "p".equals(rs.getString(3)) ? "PROCEDURE" : "FUNCTION";
                definition = "CREATE OR REPLACE " + kindWord + " " + q(function.name()) + "("
                        + definition.substring(qualifiedPrefix.length());
            }
            function.ddl(definition.endsWith("\n") ? definition.stripTrailing() + ";\n" : definition + ";\n");
            comment(function, ("p".equals(rs.getString(3)) ? "PROCEDURE " : "FUNCTION ") + signature, rs.getString(7));
        });
        String others = """
                SELECT count(*) FROM pg_proc p WHERE p.pronamespace = ? AND p.prokind IN ('a', 'w') AND %s"""
                .formatted(NOT_EXTENSION_MEMBER.formatted("pg_proc", "p.oid"));
        query(others, ns, rs -> {
            if (rs.getLong(1) > 0 && !isInternalSchema(schema)) {
                snapshot.warnings().add(rs.getLong(1) + " aggregate/window function(s) in schema " + schema
                        + " are not included (not supported by the backup engine)");
            }
        });
    }

    private void readTables(long ns, String schema) throws SQLException {
        String sql = """
                SELECT c.oid, c.relname, c.relkind, c.relpersistence, c.relispartition,
                       array_to_string(array(SELECT quote_ident(option_name) || '=' || quote_literal(option_value)
                                             FROM pg_options_to_table(c.reloptions)), ', '),
                       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
                       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid, true) END,
                       array(SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = c.oid
                             ORDER BY i.inhseqno),
                       (SELECT i.inhparent FROM pg_inherits i WHERE i.inhrelid = c.oid AND c.relispartition),
                       obj_description(c.oid, 'pg_class'), c.relrowsecurity
                FROM pg_class c
                WHERE c.relnamespace = ? AND c.relkind IN ('r', 'p') AND %s
                ORDER BY c.relname""".formatted(NOT_EXTENSION_MEMBER.formatted("pg_class", "c.oid"));
        query(sql, ns, rs -> {
            DatabaseObject table = add(new DatabaseObject(ObjectKind.TABLE, rs.getLong(1), schema, rs.getString(2), null),
                    classes);
            DumpedTable details = new DumpedTable();
            details.partitioned("p".equals(rs.getString(3)));
            table.table(details);
            TableShape shape = new TableShape();
            shape.unlogged = "u".equals(rs.getString(4));
            shape.partition = rs.getBoolean(5);
            shape.options = rs.getString(6);
            shape.partitionKey = rs.getString(7);
            shape.partitionBound = rs.getString(8);
            shape.parents = strings(rs.getArray(9));
            long parent = rs.getLong(10);
            if (!rs.wasNull()) {
                partitionParents.put(table.oid(), parent);
            }
            shapes.put(table.oid(), shape);
            comment(table, "TABLE " + q(table.name()), rs.getString(11));
            if (rs.getBoolean(12) && !isInternalSchema(schema)) {
                snapshot.warnings().add("row-level security of " + table.qualifiedName()
                        + " is not included; enable it and recreate its policies after a restore");
            }
        });
    }

    /** Foreign tables are not backed up; they are known so that views over them are left out too. */
    private void readForeignTables(long ns, String schema) throws SQLException {
        String sql = "SELECT c.oid, c.relname FROM pg_class c WHERE c.relnamespace = ? AND c.relkind = 'f'";
        query(sql, ns, rs -> {
            DatabaseObject foreign = add(new DatabaseObject(ObjectKind.TABLE, rs.getLong(1), schema, rs.getString(2), null),
                    classes);
            unsupported.add(foreign.key());
            if (!isInternalSchema(schema)) {
                snapshot.warnings().add("foreign table " + foreign.qualifiedName()
                        + " is not included (not supported by the backup engine)");
            }
        });
    }

    private void readViews(long ns, String schema) throws SQLException {
        String sql = """
                SELECT c.oid, c.relname, c.relkind, pg_get_viewdef(c.oid, true),
                       array_to_string(array(SELECT quote_ident(option_name) || '=' || quote_literal(option_value)
                                             FROM pg_options_to_table(c.reloptions)), ', '),
                       c.relispopulated, obj_description(c.oid, 'pg_class')
                FROM pg_class c
                WHERE c.relnamespace = ? AND c.relkind IN ('v', 'm') AND %s
                ORDER BY c.relname""".formatted(NOT_EXTENSION_MEMBER.formatted("pg_class", "c.oid"));
        query(sql, ns, rs -> {
            boolean materialized = "m".equals(rs.getString(3));
            DatabaseObject view = add(new DatabaseObject(materialized ? ObjectKind.MATVIEW : ObjectKind.VIEW, rs.getLong(1),
                    schema, rs.getString(2), null), classes);
            String definition = rs.getString(4).strip();
            String options = rs.getString(5);
            String with = options == null || options.isEmpty() ? "" : " WITH (" + options + ")";
            if (materialized) {
                if (definition.endsWith(";")) {
                    definition = definition.substring(0, definition.length() - 1);
                }
                view.ddl("CREATE MATERIALIZED VIEW " + q(view.name()) + with + " AS\n" + definition + "\n WITH NO DATA;\n");
                DumpedTable details = new DumpedTable();
                details.populated(rs.getBoolean(6));
                view.table(details);
                comment(view, "MATERIALIZED VIEW " + q(view.name()), rs.getString(7));
            } else {
                view.ddl("CREATE VIEW " + q(view.name()) + with + " AS\n" + definition + (definition.endsWith(";") ? "" : ";")
                        + "\n");
                comment(view, "VIEW " + q(view.name()), rs.getString(7));
            }
        });
    }

    /** Table shape details kept until the columns are known. */
    private static final class TableShape {
        boolean unlogged;
        boolean partition;
        String options;
        String partitionKey;
        String partitionBound;
        List<String> parents = List.of();
        final List<String> columns = new ArrayList<>();
        final List<String> checks = new ArrayList<>();
    }

    private final Map<Long, TableShape> shapes = new HashMap<>();

    private void readColumns(long ns) throws SQLException {
        String sql = """
                SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attislocal,
                       pg_get_expr(d.adbin, d.adrelid, true), a.attidentity, a.attgenerated,
                       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN %s END,
                       col_description(a.attrelid, a.attnum), seq.relname,
                       s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle
                FROM pg_attribute a
                JOIN pg_class c ON c.oid = a.attrelid
                JOIN pg_type t ON t.oid = a.atttypid
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                LEFT JOIN pg_depend dep ON a.attidentity <> '' AND dep.classid = 'pg_class'::regclass
                     AND dep.refclassid = 'pg_class'::regclass AND dep.refobjid = a.attrelid
                     AND dep.refobjsubid = a.attnum AND dep.deptype = 'i'
                LEFT JOIN pg_class seq ON seq.oid = dep.objid AND seq.relkind = 'S'
                LEFT JOIN pg_sequence s ON s.seqrelid = seq.oid
                WHERE c.relnamespace = ? AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attrelid, a.attnum""".formatted(COLLATION_OF.formatted("a.attcollation"));
        query(sql, ns, rs -> {
            DatabaseObject relation = classes.get(rs.getLong(1));
            if (relation == null) {
                return;
            }
            String column = rs.getString(2);
            String commentTarget = "COLUMN " + q(relation.name()) + "." + q(column);
            comment(relation, commentTarget, rs.getString(10));
            if (relation.kind() != ObjectKind.TABLE) {
                return;
            }
            TableShape shape = shapes.get(relation.oid());
            String generated = rs.getString(8);
            if (generated == null || generated.isEmpty()) {
                relation.table().copyColumns().add(column);
            }
            if (!rs.getBoolean(5)) {
                return; // inherited from a parent or declared by PARTITION OF
            }
            StringBuilder definition = new StringBuilder(q(column)).append(' ').append(rs.getString(3));
            if (rs.getString(9) != null) {
                definition.append(" COLLATE ").append(rs.getString(9));
            }
            String identity = rs.getString(7);
            if (identity != null && !identity.isEmpty() && rs.getString(11) != null) {
                definition.append(" GENERATED ").append("a".equals(identity) ? "ALWAYS" : "BY DEFAULT")
                        .append(" AS IDENTITY (SEQUENCE NAME ").append(q(rs.getString(11)))
                        .append(sequenceOptions(rs, 12)).append(')');
                relation.table().identitySequences().add(new DumpedTable.IdentitySequence(rs.getString(11), column));
            } else if ("s".equals(generated)) {
                definition.append(" GENERATED ALWAYS AS (").append(rs.getString(6)).append(") STORED");
            } else if (rs.getString(6) != null) {
                definition.append(" DEFAULT ").append(rs.getString(6));
            }
            if (rs.getBoolean(4)) {
                definition.append(" NOT NULL");
            }
            shape.columns.add(definition.toString());
        });
    }

    private void readChecks(long ns) throws SQLException {
        String sql = """
                SELECT c.conrelid, c.conname, pg_get_constraintdef(c.oid, true), c.convalidated, c.conislocal,
                       obj_description(c.oid, 'pg_constraint')
                FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
                WHERE r.relnamespace = ? AND c.contype = 'c' AND r.relkind IN ('r', 'p')
                ORDER BY c.conrelid, c.conname""";
        query(sql, ns, rs -> {
            DatabaseObject table = classes.get(rs.getLong(1));
            if (table == null || table.kind() != ObjectKind.TABLE || !rs.getBoolean(5)) {
                return;
            }
            String name = rs.getString(2);
            String definition = "CONSTRAINT " + q(name) + " " + rs.getString(3);
            if (rs.getBoolean(4)) {
                shapes.get(table.oid()).checks.add(definition);
            } else {
                // NOT VALID checks are added after the data, exactly as they were (existing rows unchecked).
                table.table().post().add(new DumpedTable.PostStatement("constraint", name,
                        "ALTER TABLE " + only(table) + q(table.name()) + " ADD " + definition + ";\n", null));
            }
            comment(table, "CONSTRAINT " + q(name) + " ON " + q(table.name()), rs.getString(6));
        });
    }

    private String createTable(DatabaseObject table, TableShape shape) {
        StringBuilder ddl = new StringBuilder("CREATE ");
        if (shape.unlogged) {
            ddl.append("UNLOGGED ");
        }
        ddl.append("TABLE ").append(q(table.name()));
        List<String> elements = new ArrayList<>(shape.columns);
        elements.addAll(shape.checks);
        if (shape.partition) {
            ddl.append(" PARTITION OF ").append(shape.parents.get(0));
            if (!elements.isEmpty()) {
                ddl.append(" (\n    ").append(String.join(",\n    ", elements)).append("\n)");
            }
            ddl.append("\n").append(shape.partitionBound);
        } else {
            ddl.append(" (");
            if (!elements.isEmpty()) {
                ddl.append("\n    ").append(String.join(",\n    ", elements)).append("\n");
            }
            ddl.append(")");
            if (!shape.parents.isEmpty()) {
                ddl.append("\nINHERITS (").append(String.join(", ", shape.parents)).append(")");
            }
        }
        if (shape.partitionKey != null) {
            ddl.append("\nPARTITION BY ").append(shape.partitionKey);
        }
        if (shape.options != null && !shape.options.isEmpty()) {
            ddl.append("\nWITH (").append(shape.options).append(")");
        }
        return ddl.append(";\n").toString();
    }

    private void readKeysAndForeignKeys(long ns) throws SQLException {
        String sql = """
                SELECT c.conrelid, c.conname, c.contype, pg_get_constraintdef(c.oid, true), c.conparentid <> 0,
                       c.confrelid, obj_description(c.oid, 'pg_constraint')
                FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
                WHERE r.relnamespace = ? AND c.contype IN ('p', 'u', 'x', 'f') AND r.relkind IN ('r', 'p')
                ORDER BY c.conrelid, c.contype, c.conname""";
        query(sql, ns, rs -> {
            DatabaseObject table = classes.get(rs.getLong(1));
            if (table == null || table.kind() != ObjectKind.TABLE) {
                return;
            }
            String name = rs.getString(2);
            boolean foreign = "f".equals(rs.getString(3));
            boolean cloned = rs.getBoolean(5);
            if (foreign) {
                if (cloned) {
                    return; // partitions inherit foreign keys from their parent
                }
                // Foreign keys on partitioned tables cannot use ONLY; they cascade to partitions.
                String target = table.table().partitioned() ? "" : "ONLY ";
                foreignKeys.computeIfAbsent(table.oid(), k -> new ArrayList<>())
                        .add(new ForeignKeyRef(name, rs.getLong(6)));
                table.table().post().add(new DumpedTable.PostStatement("foreign_key", name,
                        "ALTER TABLE " + target + q(table.name()) + " ADD CONSTRAINT " + q(name) + " " + rs.getString(4)
                                + ";\n", Long.toString(rs.getLong(6))));
            } else {
                table.table().post().add(new DumpedTable.PostStatement("constraint", name,
                        "ALTER TABLE ONLY " + q(table.name()) + " ADD CONSTRAINT " + q(name) + " " + rs.getString(4)
                                + ";\n", null));
            }
            comment(table, "CONSTRAINT " + q(name) + " ON " + q(table.name()), rs.getString(7));
        });
    }

    private void readIndexes(long ns) throws SQLException {
        String sql = """
                SELECT i.indrelid, ic.relname, pg_get_indexdef(i.indexrelid, 0, true), obj_description(ic.oid, 'pg_class')
                FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class r ON r.oid = i.indrelid
                WHERE r.relnamespace = ? AND r.relkind IN ('r', 'p', 'm')
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid
                                  AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
                ORDER BY i.indrelid, ic.relname""";
        query(sql, ns, rs -> {
            DatabaseObject relation = classes.get(rs.getLong(1));
            if (relation == null || relation.table() == null) {
                return;
            }
            String name = rs.getString(2);
            relation.table().post().add(new DumpedTable.PostStatement("index", name, rs.getString(3) + ";\n", null));
            comment(relation, "INDEX " + q(name), rs.getString(4));
        });
    }

    private void readIndexAttachments(long ns) throws SQLException {
        String sql = """
                SELECT i.indrelid, inh.inhparent::regclass::text, inh.inhrelid::regclass::text, ic.relname
                FROM pg_inherits inh
                JOIN pg_class ic ON ic.oid = inh.inhrelid AND ic.relkind IN ('i', 'I')
                JOIN pg_index i ON i.indexrelid = ic.oid
                JOIN pg_class r ON r.oid = i.indrelid
                WHERE r.relnamespace = ?
                ORDER BY i.indrelid, ic.relname""";
        query(sql, ns, rs -> {
            DatabaseObject table = classes.get(rs.getLong(1));
            if (table == null || table.table() == null) {
                return;
            }
            table.table().post().add(new DumpedTable.PostStatement("index_attach", rs.getString(4),
                    "ALTER INDEX " + rs.getString(2) + " ATTACH PARTITION " + rs.getString(3) + ";\n", null));
        });
    }

    private void readTriggers(long ns) throws SQLException {
        String sql = """
                SELECT t.tgrelid, t.tgname, pg_get_triggerdef(t.oid, true), t.tgenabled, t.tgfoid,
                       obj_description(t.oid, 'pg_trigger')
                FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid
                WHERE r.relnamespace = ? AND NOT t.tgisinternal AND t.tgparentid = 0
                ORDER BY t.tgrelid, t.tgname""";
        query(sql, ns, rs -> {
            DatabaseObject table = classes.get(rs.getLong(1));
            if (table == null || table.table() == null) {
                return;
            }
            String name = rs.getString(2);
            StringBuilder sqlText = new StringBuilder(rs.getString(3)).append(";\n");
            String enabled = rs.getString(4);
            String alter = "ALTER TABLE " + q(table.name()) + " ";
            switch (enabled) {
                case "D" -> sqlText.append(alter).append("DISABLE TRIGGER ").append(q(name)).append(";\n");
                case "R" -> sqlText.append(alter).append("ENABLE REPLICA TRIGGER ").append(q(name)).append(";\n");
                case "A" -> sqlText.append(alter).append("ENABLE ALWAYS TRIGGER ").append(q(name)).append(";\n");
                default -> {
                    // 'O': enabled, the default after CREATE TRIGGER.
                }
            }
            triggersByTable.computeIfAbsent(table.oid(), k -> new ArrayList<>())
                    .add(new TriggerRef(name, rs.getLong(5)));
            table.table().post().add(new DumpedTable.PostStatement("trigger", name, sqlText.toString(), null));
            comment(table, "TRIGGER " + q(name) + " ON " + q(table.name()), rs.getString(6));
        });
    }

    private record TriggerRef(String name, long functionOid) {
    }

    private record ForeignKeyRef(String name, long referencedOid) {
    }

    /** Dependencies between the objects above, from pg_depend, mapped onto object keys. */
    private void readDependencies() throws SQLException {
        Map<Long, Long> attrdefTable = longMap("SELECT oid, adrelid FROM pg_attrdef WHERE oid >= " + FIRST_NORMAL_OID);
        Map<Long, Long> rewriteRelation = longMap("SELECT oid, ev_class FROM pg_rewrite WHERE oid >= " + FIRST_NORMAL_OID);
        Map<Long, Long> constraintDomain = longMap("SELECT oid, contypid FROM pg_constraint WHERE contypid <> 0 AND oid >= "
                + FIRST_NORMAL_OID);
        Map<Long, Long> checkTable = longMap("SELECT oid, conrelid FROM pg_constraint WHERE contype = 'c' AND conrelid <> 0"
                + " AND oid >= " + FIRST_NORMAL_OID);
        Map<Long, Long> typeRelation = longMap("SELECT oid, typrelid FROM pg_type WHERE typrelid <> 0 AND oid >= "
                + FIRST_NORMAL_OID);
        Map<Long, Long> arrayElement = longMap("SELECT a.oid, a.typelem FROM pg_type a JOIN pg_type e ON e.typarray = a.oid"
                + " WHERE a.oid >= " + FIRST_NORMAL_OID);
        String sql = """
                SELECT d.classid::regclass::text, d.objid, d.refclassid::regclass::text, d.refobjid, d.deptype
                FROM pg_depend d
                WHERE d.objid >= 16384 AND d.refobjid >= 16384 AND d.deptype IN ('n', 'a')
                  AND d.classid IN ('pg_class'::regclass, 'pg_type'::regclass, 'pg_proc'::regclass,
                                    'pg_attrdef'::regclass, 'pg_rewrite'::regclass, 'pg_constraint'::regclass)
                  AND d.refclassid IN ('pg_class'::regclass, 'pg_type'::regclass, 'pg_proc'::regclass)""";
        Resolver resolver = new Resolver(attrdefTable, rewriteRelation, constraintDomain, checkTable, typeRelation,
                arrayElement);
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                String objectClass = rs.getString(1);
                DatabaseObject dependent = resolver.resolve(objectClass, rs.getLong(2));
                DatabaseObject referenced = resolver.resolve(rs.getString(3), rs.getLong(4));
                if (dependent == null || referenced == null || dependent == referenced) {
                    continue;
                }
                // A serial's sequence is "owned by" its table ('a'), while the table's default uses the
                // sequence: the ownership is restored by ALTER SEQUENCE ... OWNED BY, not by ordering.
                if ("a".equals(rs.getString(5)) && dependent.kind() == ObjectKind.SEQUENCE) {
                    continue;
                }
                dependent.dependencies().add(referenced.key());
            }
        }
        for (Map.Entry<Long, Long> partition : partitionParents.entrySet()) {
            DatabaseObject child = classes.get(partition.getKey());
            DatabaseObject parent = classes.get(partition.getValue());
            if (child != null && parent != null) {
                child.dependencies().add(parent.key());
                child.table().partitionParent(parent.key());
            }
        }
        for (DatabaseObject object : all.values()) {
            if (object.kind() == ObjectKind.SEQUENCE && object.ownerTable() != null) {
                DatabaseObject owner = classes.get(Long.parseLong(object.ownerTable()));
                object.owner(owner == null ? null : owner.key(), owner == null ? null : object.ownerColumn());
            }
            if (object.table() != null) {
                List<DumpedTable.PostStatement> resolved = new ArrayList<>();
                for (DumpedTable.PostStatement post : object.table().post()) {
                    if (post.references() != null) {
                        DatabaseObject target = classes.get(Long.parseLong(post.references()));
                        resolved.add(new DumpedTable.PostStatement(post.kind(), post.name(), post.sql(),
                                target == null ? "?" : target.key()));
                    } else {
                        resolved.add(post);
                    }
                }
                object.table().post().clear();
                object.table().post().addAll(resolved);
            }
        }
    }

    private final class Resolver {
        private final Map<Long, Long> attrdefTable;
        private final Map<Long, Long> rewriteRelation;
        private final Map<Long, Long> constraintDomain;
        private final Map<Long, Long> checkTable;
        private final Map<Long, Long> typeRelation;
        private final Map<Long, Long> arrayElement;

        Resolver(Map<Long, Long> attrdefTable, Map<Long, Long> rewriteRelation, Map<Long, Long> constraintDomain,
                 Map<Long, Long> checkTable, Map<Long, Long> typeRelation, Map<Long, Long> arrayElement) {
            this.attrdefTable = attrdefTable;
            this.rewriteRelation = rewriteRelation;
            this.constraintDomain = constraintDomain;
            this.checkTable = checkTable;
            this.typeRelation = typeRelation;
            this.arrayElement = arrayElement;
        }

        DatabaseObject resolve(String catalog, long oid) {
            return switch (catalog) {
                case "pg_class" -> classes.get(oid);
                case "pg_proc" -> procs.get(oid);
                case "pg_type" -> type(oid, 0);
                case "pg_attrdef" -> attrdefTable.containsKey(oid) ? classes.get(attrdefTable.get(oid)) : null;
                case "pg_rewrite" -> rewriteRelation.containsKey(oid) ? classes.get(rewriteRelation.get(oid)) : null;
                case "pg_constraint" -> constraintDomain.containsKey(oid) ? type(constraintDomain.get(oid), 0)
                        : checkTable.containsKey(oid) ? classes.get(checkTable.get(oid)) : null;
                default -> null;
            };
        }

        private DatabaseObject type(long oid, int depth) {
            DatabaseObject type = types.get(oid);
            if (type != null || depth > 2) {
                return type;
            }
            if (typeRelation.containsKey(oid)) {
                return classes.get(typeRelation.get(oid));
            }
            return arrayElement.containsKey(oid) ? type(arrayElement.get(oid), depth + 1) : null;
        }
    }

    /**
     * Leaves out tables policy hides (restricted tables, the internal schema, tables outside allow-lists)
     * and everything that depends on them, so the rest restores on its own.
     */
    private void applyPolicy() {
        for (DatabaseObject object : all.values()) {
            if (isInternalSchema(object.schema()) || unsupported.contains(object.key())
                    || (object.kind() == ObjectKind.TABLE && !tableVisible.test(object.schema(), object.name()))) {
                excluded.add(object.key());
            }
        }
        Set<String> leftOut = Set.copyOf(excluded);
        // Objects that depend on a table policy hides are left out without a name: a warning naming a
        // restricted table's sequence or a view over it would tell what the policy hides.
        Set<String> behindPolicy = dependents(leftOut.stream().filter(key -> !unsupported.contains(key)).toList());
        excluded.addAll(dependents(leftOut));
        int unnamed = 0;
        for (DatabaseObject object : all.values()) {
            if (!excluded.contains(object.key()) || leftOut.contains(object.key())) {
                continue;
            }
            if (behindPolicy.contains(object.key())) {
                unnamed++;
            } else {
                snapshot.warnings().add(object.kind().keyPrefix() + " " + object.qualifiedName()
                        + " is not included: it depends on an object the backup engine does not support");
            }
        }
        if (unnamed > 0) {
            snapshot.warnings().add(unnamed + " object(s) that depend on tables the server policy keeps out of"
                    + " backups are not included");
        }
        for (DatabaseObject object : all.values()) {
            if (excluded.contains(object.key()) || object.table() == null) {
                continue;
            }
            object.table().post().removeIf(post -> {
                if ("foreign_key".equals(post.kind()) && excluded.contains(post.references())) {
                    snapshot.warnings().add("a foreign key of " + object.qualifiedName()
                            + " is not included: it references a table that is not in the backup");
                    return true;
                }
                return false;
            });
            for (TriggerRef trigger : triggersByTable.getOrDefault(object.oid(), List.of())) {
                DatabaseObject function = procs.get(trigger.functionOid());
                if (function != null && excluded.contains(function.key())) {
                    object.table().post().removeIf(post -> "trigger".equals(post.kind()) && post.name().equals(trigger.name()));
                    snapshot.warnings().add("trigger " + trigger.name() + " of " + object.qualifiedName()
                            + " is not included: its function is not included");
                }
            }
        }
    }

    /** Every object that depends, directly or through others, on one of {@code roots} (roots excluded). */
    private Set<String> dependents(java.util.Collection<String> roots) {
        Set<String> reached = new java.util.HashSet<>(roots);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (DatabaseObject object : all.values()) {
                if (reached.contains(object.key())) {
                    continue;
                }
                boolean dependsOnReached = object.dependencies().stream().anyMatch(reached::contains)
                        || (object.kind() == ObjectKind.SEQUENCE && object.ownerTable() != null
                        && reached.contains(object.ownerTable()));
                if (dependsOnReached) {
                    reached.add(object.key());
                    changed = true;
                }
            }
        }
        reached.removeAll(roots);
        return reached;
    }

    private void warnAboutUnsupported() throws SQLException {
        String sql = """
                SELECT 'rule ' || r.rulename || ' on ' || n.nspname || '.' || c.relname
                FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE r.rulename <> '_RETURN' AND r.oid >= 16384
                UNION ALL
                SELECT 'type ' || n.nspname || '.' || t.typname || ' (' ||
                       CASE t.typtype WHEN 'r' THEN 'range' WHEN 'm' THEN 'multirange' ELSE 'base' END || ')'
                FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE t.typtype IN ('r', 'b') AND t.oid >= 16384 AND t.typelem = 0 AND t.typrelid = 0
                  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
                  AND %s""".formatted(NOT_EXTENSION_MEMBER.formatted("pg_type", "t.oid"));
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                snapshot.warnings().add(rs.getString(1) + " is not included (not supported by the backup engine)");
            }
        }
    }

    private DatabaseObject add(DatabaseObject object, Map<Long, DatabaseObject> byOid) {
        byOid.put(object.oid(), object);
        all.put(object.key(), object);
        return object;
    }

    private static void comment(DatabaseObject object, String target, String text) {
        if (text != null) {
            object.comments().add("COMMENT ON " + target + " IS " + literal(text) + ";\n");
        }
    }

    private static String sequenceOptions(ResultSet rs, int first) throws SQLException {
        return " START WITH " + rs.getLong(first) + " INCREMENT BY " + rs.getLong(first + 1) + " MINVALUE "
                + rs.getLong(first + 2) + " MAXVALUE " + rs.getLong(first + 3) + " CACHE " + rs.getLong(first + 4)
                + (rs.getBoolean(first + 5) ? " CYCLE" : " NO CYCLE");
    }

    private String only(DatabaseObject table) {
        return table.table() != null && table.table().partitioned() ? "" : "ONLY ";
    }

    private void setSearchPath(String schema) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL search_path = " + Identifiers.quote(schema));
        }
    }

    private void resetSearchPath() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL search_path = pg_catalog");
        }
    }

    private Map<Long, Long> longMap(String sql) throws SQLException {
        Map<Long, Long> map = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                map.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return map;
    }

    private void query(String sql, long namespace, RowHandler handler) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, namespace);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    handler.handle(rs);
                }
            }
        }
    }

    @FunctionalInterface
    private interface RowHandler {
        void handle(ResultSet rs) throws SQLException;
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        List<String> list = new ArrayList<>(values.length);
        for (Object value : values) {
            list.add(String.valueOf(value));
        }
        return list;
    }

    static boolean isInternalSchema(String schema) {
        return com.dbadmin.guard.TablePolicy.INTERNAL_SCHEMA.equalsIgnoreCase(schema);
    }

    static String q(String identifier) {
        return Identifiers.quote(identifier);
    }

    /** A standard-conforming string literal (the dump sets standard_conforming_strings = on). */
    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
