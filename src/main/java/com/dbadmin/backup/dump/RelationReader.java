package com.dbadmin.backup.dump;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the relations of one schema and writes their CREATE statements: sequences, tables (partitioned,
 * partitions, inheritance children, unlogged, with storage parameters including TOAST ones, access
 * method, row-security switches), foreign tables, views and materialized views; then, once every
 * relation of every schema is known, their columns (types, defaults, identity and generated columns,
 * collations, FDW options, statistics targets, storage, compression, attribute options) and checks.
 */
final class RelationReader extends CatalogReader {
    private final Map<Long, TableShape> shapes = new HashMap<>();
    /** Sequences owned by a column, and partitions: resolved to keys once every table is known. */
    private final Map<DatabaseObject, Long> sequenceOwners = new HashMap<>();
    private final Map<DatabaseObject, Long> partitionParents = new HashMap<>();

    RelationReader(Connection connection, CatalogGraph graph) {
        super(connection, graph);
    }

    void read(long ns, String schema) throws SQLException {
        readSequences(ns, schema);
        readTables(ns, schema);
        readForeignTables(ns, schema);
        readViews(ns, schema);
    }

    /** Per schema again, after every schema's relations were read: columns refer to types anywhere. */
    void readColumns(long ns) throws SQLException {
        readColumnDefinitions(ns);
        readChecks(ns);
    }

    /** Writes the CREATE statements once columns and checks are known, and resolves sequence owners. */
    void finish() {
        for (Map.Entry<Long, TableShape> entry : shapes.entrySet()) {
            DatabaseObject table = graph.find("pg_class", entry.getKey());
            table.ddl(entry.getValue().createStatement(table));
        }
        for (Map.Entry<DatabaseObject, Long> partition : partitionParents.entrySet()) {
            DatabaseObject parent = graph.find("pg_class", partition.getValue());
            if (parent != null) {
                partition.getKey().dependencies().add(parent.key());
                partition.getKey().table().partitionParent(parent.key());
            }
        }
        for (Map.Entry<DatabaseObject, Long> owned : sequenceOwners.entrySet()) {
            DatabaseObject owner = graph.find("pg_class", owned.getValue());
            DatabaseObject sequence = owned.getKey();
            sequence.owner(owner == null ? null : owner.key(), owner == null ? null : sequence.ownerColumn());
        }
    }

    private void readSequences(long ns, String schema) throws SQLException {
        String sql = """
                SELECT c.oid, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin,
                       s.seqmax, s.seqcache, s.seqcycle, d.refobjid, a.attname, obj_description(c.oid, 'pg_class'),
                       c.relpersistence
                FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid
                LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
                     AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype = 'a'
                LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                WHERE c.relnamespace = ? AND c.relkind = 'S' AND %s
                  AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_class'::regclass
                                  AND i.objid = c.oid AND i.deptype = 'i')
                ORDER BY c.relname""".formatted(NOT_EXTENSION_MEMBER.formatted("pg_class", "c.oid"));
        query(sql, ns, rs -> {
            DatabaseObject sequence = graph.add(new DatabaseObject(ObjectKind.SEQUENCE, rs.getLong(1), schema,
                    rs.getString(2), null));
            sequence.ddl("CREATE " + ("u".equals(rs.getString(13)) ? "UNLOGGED " : "") + "SEQUENCE " + q(sequence.name())
                    + " AS " + rs.getString(3) + sequenceOptions(rs, 4) + ";\n");
            long owner = rs.getLong(10);
            if (!rs.wasNull()) {
                sequence.owner(null, rs.getString(11));
                sequenceOwners.put(sequence, owner);
            }
            comment(sequence, "SEQUENCE " + q(sequence.name()), rs.getString(12));
        });
    }

    private void readTables(long ns, String schema) throws SQLException {
        String accessMethod = "(SELECT am.amname FROM pg_am am WHERE am.oid = c.relam AND am.amname <> 'heap'"
                + " AND c.relkind = 'r')";
        String sql = """
                SELECT c.oid, c.relname, c.relkind, c.relpersistence, c.relispartition,
                       array_to_string(array(SELECT quote_ident(option_name) || '=' || quote_literal(option_value)
                                             FROM pg_options_to_table(c.reloptions)
                                             UNION ALL
                                             SELECT 'toast.' || quote_ident(option_name) || '=' || quote_literal(option_value)
                                             FROM pg_class t, pg_options_to_table(t.reloptions)
                                             WHERE t.oid = c.reltoastrelid), ', '),
                       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
                       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid, true) END,
                       array(SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = c.oid
                             ORDER BY i.inhseqno),
                       (SELECT i.inhparent FROM pg_inherits i WHERE i.inhrelid = c.oid AND c.relispartition),
                       obj_description(c.oid, 'pg_class'), c.relrowsecurity, c.relforcerowsecurity, c.relreplident,
                       %s, c.reloftype <> 0
                FROM pg_class c
                WHERE c.relnamespace = ? AND c.relkind IN ('r', 'p') AND %s
                ORDER BY c.relname""".formatted(accessMethod, NOT_EXTENSION_MEMBER.formatted("pg_class", "c.oid"));
        query(sql, ns, rs -> {
            DatabaseObject table = graph.add(new DatabaseObject(ObjectKind.TABLE, rs.getLong(1), schema, rs.getString(2),
                    null));
            DumpedTable details = new DumpedTable();
            details.partitioned("p".equals(rs.getString(3)));
            table.table(details);
            TableShape shape = shape(table, rs);
            shape.unlogged = "u".equals(rs.getString(4));
            shape.options = rs.getString(6);
            shape.partitionKey = rs.getString(7);
            shape.accessMethod = rs.getString(15);
            switch (rs.getString(14)) {
                case "n" -> shape.settings.add("ALTER TABLE ONLY " + q(table.name()) + " REPLICA IDENTITY NOTHING;\n");
                case "f" -> shape.settings.add("ALTER TABLE ONLY " + q(table.name()) + " REPLICA IDENTITY FULL;\n");
                default -> {
                    // 'd' is the default; 'i' names an index, set once the index exists (PostDataReader).
                }
            }
            comment(table, "TABLE " + q(table.name()), rs.getString(11));
            if (rs.getBoolean(12)) {
                graph.post(table, new PostStatement("row_security", "row level security",
                        "ALTER TABLE ONLY " + q(table.name()) + " ENABLE ROW LEVEL SECURITY;\n", null, 0));
            }
            if (rs.getBoolean(13)) {
                graph.post(table, new PostStatement("row_security", "forced row level security",
                        "ALTER TABLE ONLY " + q(table.name()) + " FORCE ROW LEVEL SECURITY;\n", null, 0));
            }
            if (rs.getBoolean(16)) {
                graph.cannotCarry(table, "typed table " + table.qualifiedName() + " (CREATE TABLE … OF a composite type)");
            }
        });
    }

    /** What tables and foreign tables share: partition bound and parents. */
    private TableShape shape(DatabaseObject table, ResultSet rs) throws SQLException {
        TableShape shape = new TableShape();
        shape.partition = rs.getBoolean(5);
        shape.partitionBound = rs.getString(8);
        shape.parents = strings(rs.getArray(9));
        long parent = rs.getLong(10);
        if (!rs.wasNull()) {
            partitionParents.put(table, parent);
        }
        shapes.put(table.oid(), shape);
        return shape;
    }

    /** Foreign tables: their columns, options and server; no rows (those live in the foreign server). */
    private void readForeignTables(long ns, String schema) throws SQLException {
        String sql = """
                SELECT c.oid, c.relname, c.relkind, c.relpersistence, c.relispartition, NULL,
                       NULL, CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid, true) END,
                       array(SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = c.oid
                             ORDER BY i.inhseqno),
                       (SELECT i.inhparent FROM pg_inherits i WHERE i.inhrelid = c.oid AND c.relispartition),
                       obj_description(c.oid, 'pg_class'), quote_ident(s.srvname), %s
                FROM pg_class c JOIN pg_foreign_table ft ON ft.ftrelid = c.oid
                JOIN pg_foreign_server s ON s.oid = ft.ftserver
                WHERE c.relnamespace = ? AND c.relkind = 'f' AND %s
                ORDER BY c.relname""".formatted(OPTIONS_OF.formatted("ft.ftoptions"),
                NOT_EXTENSION_MEMBER.formatted("pg_class", "c.oid"));
        query(sql, ns, rs -> {
            DatabaseObject table = graph.add(new DatabaseObject(ObjectKind.FOREIGN_TABLE, rs.getLong(1), schema,
                    rs.getString(2), null));
            DumpedTable details = new DumpedTable();
            details.foreign(true);
            table.table(details);
            TableShape shape = shape(table, rs);
            shape.server = rs.getString(12);
            shape.serverOptions = rs.getString(13);
            comment(table, "FOREIGN TABLE " + q(table.name()), rs.getString(11));
        });
    }

    private void readViews(long ns, String schema) throws SQLException {
        String sql = """
                SELECT c.oid, c.relname, c.relkind, pg_get_viewdef(c.oid, true),
                       array_to_string(array(SELECT quote_ident(option_name) || '=' || quote_literal(option_value)
                                             FROM pg_options_to_table(c.reloptions)), ', '),
                       c.relispopulated, obj_description(c.oid, 'pg_class'),
                       (SELECT am.amname FROM pg_am am WHERE am.oid = c.relam AND am.amname <> 'heap')
                FROM pg_class c
                WHERE c.relnamespace = ? AND c.relkind IN ('v', 'm') AND %s
                ORDER BY c.relname""".formatted(NOT_EXTENSION_MEMBER.formatted("pg_class", "c.oid"));
        query(sql, ns, rs -> {
            boolean materialized = "m".equals(rs.getString(3));
            DatabaseObject view = graph.add(new DatabaseObject(materialized ? ObjectKind.MATVIEW : ObjectKind.VIEW,
                    rs.getLong(1), schema, rs.getString(2), null));
            String definition = rs.getString(4).strip();
            String options = rs.getString(5);
            String with = options == null || options.isEmpty() ? "" : " WITH (" + options + ")";
            if (materialized) {
                if (definition.endsWith(";")) {
                    definition = definition.substring(0, definition.length() - 1);
                }
                String using = rs.getString(8) == null ? "" : " USING " + q(rs.getString(8));
                view.ddl("CREATE MATERIALIZED VIEW " + q(view.name()) + using + with + " AS\n" + definition
                        + "\n WITH NO DATA;\n");
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

    private void readColumnDefinitions(long ns) throws SQLException {
        String compression = version >= 140000 ? "a.attcompression::text" : "NULL";
        String sql = """
                SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attislocal,
                       pg_get_expr(d.adbin, d.adrelid, true), a.attidentity, a.attgenerated,
                       CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN %s END,
                       col_description(a.attrelid, a.attnum), seq.relname,
                       s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
                       CASE WHEN a.attstattarget >= 0 THEN a.attstattarget END,
                       CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END,
                       NULLIF(%s, ''), array_to_string(a.attoptions, ', '), %s
                FROM pg_attribute a
                JOIN pg_class c ON c.oid = a.attrelid
                JOIN pg_type t ON t.oid = a.atttypid
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                LEFT JOIN pg_depend dep ON a.attidentity <> '' AND dep.classid = 'pg_class'::regclass
                     AND dep.refclassid = 'pg_class'::regclass AND dep.refobjid = a.attrelid
                     AND dep.refobjsubid = a.attnum AND dep.deptype = 'i'
                LEFT JOIN pg_class seq ON seq.oid = dep.objid AND seq.relkind = 'S'
                LEFT JOIN pg_sequence s ON s.seqrelid = seq.oid
                WHERE c.relnamespace = ? AND c.relkind IN ('r', 'p', 'f', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attrelid, a.attnum""".formatted(COLLATION_OF.formatted("a.attcollation"), compression,
                OPTIONS_OF.formatted("a.attfdwoptions"));
        query(sql, ns, rs -> {
            DatabaseObject relation = graph.find("pg_class", rs.getLong(1));
            if (relation == null) {
                return;
            }
            String column = rs.getString(2);
            comment(relation, "COLUMN " + q(relation.name()) + "." + q(column), rs.getString(10));
            TableShape shape = shapes.get(relation.oid());
            if (shape == null) {
                return; // views and materialized views: only comments
            }
            String generated = rs.getString(8);
            if (!relation.table().foreign() && (generated == null || generated.isEmpty())) {
                relation.table().copyColumns().add(column);
            }
            addSettings(relation, column, rs, shape);
            if (!rs.getBoolean(5)) {
                return; // inherited from a parent or declared by PARTITION OF
            }
            StringBuilder definition = new StringBuilder(q(column)).append(' ').append(rs.getString(3));
            String fdwOptions = rs.getString(22);
            if (fdwOptions != null && !fdwOptions.isEmpty()) {
                definition.append(" OPTIONS (").append(fdwOptions).append(')');
            }
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

    /** Per-column settings that CREATE TABLE cannot say: statistics target, storage, compression, options. */
    private static void addSettings(DatabaseObject relation, String column, ResultSet rs, TableShape shape)
            throws SQLException {
        String alter = "ALTER " + (relation.table().foreign() ? "FOREIGN TABLE" : "TABLE") + " ONLY " + q(relation.name())
                + " ALTER COLUMN " + q(column);
        int target = rs.getInt(18);
        if (!rs.wasNull()) {
            shape.settings.add(alter + " SET STATISTICS " + target + ";\n");
        }
        String storage = rs.getString(19);
        if (storage != null) {
            shape.settings.add(alter + " SET STORAGE " + switch (storage) {
                case "p" -> "PLAIN";
                case "e" -> "EXTERNAL";
                case "m" -> "MAIN";
                default -> "EXTENDED";
            } + ";\n");
        }
        String compression = rs.getString(20);
        if (compression != null && !compression.equals("\0")) {
            shape.settings.add(alter + " SET COMPRESSION " + ("l".equals(compression) ? "lz4" : "pglz") + ";\n");
        }
        String options = rs.getString(21);
        if (options != null && !options.isEmpty()) {
            shape.settings.add(alter + " SET (" + options + ");\n");
        }
    }

    private void readChecks(long ns) throws SQLException {
        String sql = """
                SELECT c.conrelid, c.conname, pg_get_constraintdef(c.oid, true), c.convalidated, c.conislocal,
                       obj_description(c.oid, 'pg_constraint'), c.oid
                FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
                WHERE r.relnamespace = ? AND c.contype = 'c' AND r.relkind IN ('r', 'p', 'f')
                ORDER BY c.conrelid, c.conname""";
        query(sql, ns, rs -> {
            DatabaseObject table = graph.find("pg_class", rs.getLong(1));
            TableShape shape = table == null ? null : shapes.get(table.oid());
            if (shape == null || !rs.getBoolean(5)) {
                return;
            }
            String name = rs.getString(2);
            String definition = "CONSTRAINT " + q(name) + " " + rs.getString(3);
            if (rs.getBoolean(4)) {
                shape.checks.add(definition);
            } else {
                // NOT VALID checks are added after the data, exactly as they were (existing rows unchecked).
                String only = table.table().partitioned() ? "" : "ONLY ";
                graph.post(table, new PostStatement("constraint", name, "ALTER " + (table.table().foreign()
                        ? "FOREIGN TABLE " : "TABLE ") + only + q(table.name()) + " ADD " + definition + ";\n",
                        "pg_constraint", rs.getLong(7)));
            }
            comment(table, "CONSTRAINT " + q(name) + " ON " + q(table.name()), rs.getString(6));
        });
    }

    static String sequenceOptions(ResultSet rs, int first) throws SQLException {
        return " START WITH " + rs.getLong(first) + " INCREMENT BY " + rs.getLong(first + 1) + " MINVALUE "
                + rs.getLong(first + 2) + " MAXVALUE " + rs.getLong(first + 3) + " CACHE " + rs.getLong(first + 4)
                + (rs.getBoolean(first + 5) ? " CYCLE" : " NO CYCLE");
    }

    /** Table shape details kept until the columns are known. */
    private static final class TableShape {
        boolean unlogged;
        boolean partition;
        String options;
        String partitionKey;
        String partitionBound;
        String accessMethod;
        String server;
        String serverOptions;
        List<String> parents = List.of();
        final List<String> columns = new ArrayList<>();
        final List<String> checks = new ArrayList<>();
        /** ALTER TABLE … statements that follow CREATE TABLE in the same entry. */
        final List<String> settings = new ArrayList<>();

        String createStatement(DatabaseObject table) {
            boolean foreign = server != null;
            StringBuilder ddl = new StringBuilder("CREATE ");
            if (unlogged) {
                ddl.append("UNLOGGED ");
            }
            ddl.append(foreign ? "FOREIGN TABLE " : "TABLE ").append(q(table.name()));
            List<String> elements = new ArrayList<>(columns);
            elements.addAll(checks);
            if (partition) {
                ddl.append(" PARTITION OF ").append(parents.get(0));
                if (!elements.isEmpty()) {
                    ddl.append(" (\n    ").append(String.join(",\n    ", elements)).append("\n)");
                }
                ddl.append("\n").append(partitionBound);
            } else {
                ddl.append(" (");
                if (!elements.isEmpty()) {
                    ddl.append("\n    ").append(String.join(",\n    ", elements)).append("\n");
                }
                ddl.append(")");
                if (!parents.isEmpty()) {
                    ddl.append("\nINHERITS (").append(String.join(", ", parents)).append(")");
                }
            }
            if (partitionKey != null) {
                ddl.append("\nPARTITION BY ").append(partitionKey);
            }
            if (accessMethod != null) {
                ddl.append("\nUSING ").append(q(accessMethod));
            }
            if (options != null && !options.isEmpty()) {
                ddl.append("\nWITH (").append(options).append(")");
            }
            if (foreign) {
                ddl.append("\nSERVER ").append(server);
                if (serverOptions != null && !serverOptions.isEmpty()) {
                    ddl.append("\nOPTIONS (").append(serverOptions).append(")");
                }
            }
            ddl.append(";\n");
            settings.forEach(ddl::append);
            return ddl.toString();
        }
    }
}
