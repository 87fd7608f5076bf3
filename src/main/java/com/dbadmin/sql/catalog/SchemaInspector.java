package com.dbadmin.sql.catalog;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads introspection data from the PostgreSQL system catalogues (pg_class, pg_attribute, pg_constraint,
 * pg_index, pg_trigger, pg_depend). pg_catalog rather than information_schema: the latter hides
 * expression and partial indexes, index methods, check expressions of other owners' tables, row
 * estimates and sizes, and is much slower on large schemas. Visibility policy is not applied here; the
 * caller filters what it shows.
 */
public final class SchemaInspector {
    /** The relations tools can work with, as {@link CatalogCache} loads them. */
    static final String USER_RELATIONS = """
            n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'""";
    static final String SYSTEM_RELATIONS = "n.nspname IN ('pg_catalog', 'information_schema')";

    private static final String RELATIONS_SQL = """
            SELECT c.oid, n.nspname, c.relname, c.relkind,
                   CASE WHEN c.relkind IN ('r', 'p', 'm') AND c.reltuples >= 0 THEN c.reltuples::bigint END AS estimated_rows,
                   CASE WHEN c.relkind IN ('r', 'p', 'm') THEN pg_total_relation_size(c.oid) END AS total_bytes,
                   (SELECT count(*) FROM pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS column_count,
                   obj_description(c.oid, 'pg_class') AS comment
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition AND %s
            ORDER BY n.nspname, c.relname
            """;

    private static final String TABLE_SQL = """
            SELECT obj_description(c.oid, 'pg_class') AS comment,
                   CASE WHEN c.relkind IN ('r', 'p', 'm') AND c.reltuples >= 0 THEN c.reltuples::bigint END AS estimated_rows,
                   CASE WHEN c.relkind IN ('r', 'p', 'm') THEN pg_total_relation_size(c.oid) END AS total_bytes,
                   CASE WHEN c.relkind IN ('r', 'p', 'm') THEN pg_table_size(c.oid) END AS table_bytes,
                   CASE WHEN c.relkind IN ('r', 'p', 'm') THEN pg_indexes_size(c.oid) END AS index_bytes,
                   CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS view_definition,
                   CASE WHEN c.relkind = 'm' THEN c.relispopulated END AS populated
            FROM pg_class c WHERE c.oid = ?
            """;

    private static final String COLUMNS_SQL = """
            SELECT a.attnum, a.attname,
                   format_type(a.atttypid, a.atttypmod) AS data_type,
                   tn.nspname AS udt_schema, t.typname AS udt_name, t.typtype, t.typcategory = 'A' AS is_array,
                   CASE WHEN t.typtype = 'e' THEN t.oid WHEN et.typtype = 'e' THEN et.oid END AS enum_type,
                   NOT a.attnotnull AS nullable,
                   CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS column_default,
                   CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END AS generation_expression,
                   a.attidentity, a.attgenerated,
                   information_schema._pg_char_max_length(information_schema._pg_truetypid(a.*, t.*),
                       information_schema._pg_truetypmod(a.*, t.*)) AS max_length,
                   information_schema._pg_numeric_precision(information_schema._pg_truetypid(a.*, t.*),
                       information_schema._pg_truetypmod(a.*, t.*)) AS numeric_precision,
                   information_schema._pg_numeric_scale(information_schema._pg_truetypid(a.*, t.*),
                       information_schema._pg_truetypmod(a.*, t.*)) AS numeric_scale,
                   CASE WHEN a.attcollation <> t.typcollation THEN co.collname END AS collation,
                   col_description(a.attrelid, a.attnum) AS comment
            FROM pg_attribute a
            JOIN pg_type t ON t.oid = a.atttypid
            JOIN pg_namespace tn ON tn.oid = t.typnamespace
            LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            LEFT JOIN pg_collation co ON co.oid = a.attcollation
            WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """;

    private static final String ENUM_SQL = """
            SELECT enumtypid, enumlabel FROM pg_enum WHERE enumtypid = ANY(?) ORDER BY enumtypid, enumsortorder
            """;

    private static final String CONSTRAINTS_SQL = """
            SELECT con.conname, con.contype, pg_get_constraintdef(con.oid, true) AS definition,
                   CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid, true) END AS expression,
                   ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, i)
                         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                         ORDER BY k.i) AS columns,
                   con.condeferrable, con.condeferred, con.convalidated
            FROM pg_constraint con
            WHERE con.conrelid = ? AND con.contype IN ('p', 'u', 'c', 'x')
            ORDER BY CASE con.contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 WHEN 'c' THEN 2 ELSE 3 END, con.conname
            """;

    private static final String FOREIGN_KEYS_SQL = """
            SELECT con.oid, con.conname,
                   sn.nspname AS from_schema, sc.relname AS from_table,
                   ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, i)
                         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                         ORDER BY k.i) AS from_columns,
                   tn.nspname AS to_schema, tc.relname AS to_table,
                   ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, i)
                         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                         ORDER BY k.i) AS to_columns,
                   con.confupdtype, con.confdeltype, con.confmatchtype, con.condeferrable, con.condeferred
            FROM pg_constraint con
            JOIN pg_class sc ON sc.oid = con.conrelid
            JOIN pg_namespace sn ON sn.oid = sc.relnamespace
            JOIN pg_class tc ON tc.oid = con.confrelid
            JOIN pg_namespace tn ON tn.oid = tc.relnamespace
            WHERE con.contype = 'f' AND con.conparentid = 0 AND %s
            ORDER BY sn.nspname, sc.relname, con.conname
            """;

    private static final String INDEXES_SQL = """
            SELECT ic.relname AS name, i.indisunique, i.indisprimary, i.indisvalid, am.amname AS method,
                   pg_get_indexdef(i.indexrelid) AS definition,
                   pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
                   ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true)
                         FROM generate_series(1, i.indnkeyatts) AS k ORDER BY k) AS keys,
                   ARRAY(SELECT i.indkey[k - 1] = 0
                         FROM generate_series(1, i.indnkeyatts) AS k ORDER BY k) AS key_is_expression,
                   ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true)
                         FROM generate_series(i.indnkeyatts + 1, i.indnatts) AS k ORDER BY k) AS include,
                   pg_relation_size(i.indexrelid) AS size_bytes,
                   con.conname AS constraint_name
            FROM pg_index i
            JOIN pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_am am ON am.oid = ic.relam
            LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                                       AND con.contype IN ('p', 'u', 'x')
            WHERE i.indrelid = ?
            ORDER BY i.indisprimary DESC, ic.relname
            """;

    private static final String TRIGGERS_SQL = """
            SELECT t.tgname, t.tgenabled <> 'D' AS enabled, pg_get_triggerdef(t.oid, true) AS definition
            FROM pg_trigger t WHERE t.tgrelid = ? AND NOT t.tgisinternal ORDER BY t.tgname
            """;

    /** Relations a view's rewrite rule reads. */
    private static final String VIEW_DEPENDENCIES_SQL = """
            SELECT DISTINCT n.nspname, c.relname
            FROM pg_rewrite r
            JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                            AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class
            JOIN pg_class c ON c.oid = d.refobjid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE r.ev_class = ?
            """;

    private SchemaInspector() {
    }

    /** Tables, views and materialized views tools can reach ({@code system=false}) or the system ones. */
    public static List<RelationSummary> relations(Connection connection, boolean system) throws SQLException {
        String sql = RELATIONS_SQL.formatted(system ? SYSTEM_RELATIONS : USER_RELATIONS);
        List<RelationSummary> relations = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                relations.add(new RelationSummary(rs.getLong("oid"), rs.getString("nspname"), rs.getString("relname"),
                        TableKind.of(rs.getString("relkind").charAt(0)), nullableLong(rs, "estimated_rows"),
                        nullableLong(rs, "total_bytes"), rs.getInt("column_count"), rs.getString("comment"), system));
            }
        }
        return relations;
    }

    /** Every foreign key between user relations: the relationship graph. */
    public static List<ForeignKeyInfo> foreignKeys(Connection connection) throws SQLException {
        return foreignKeys(connection, FOREIGN_KEYS_SQL.formatted(USER_RELATIONS.replace("n.nspname", "sn.nspname")));
    }

    public static TableDetails details(Connection connection, TableInfo table) throws SQLException {
        String comment = null;
        TableDetails.Statistics statistics = null;
        String viewDefinition = null;
        Boolean populated = null;
        try (PreparedStatement statement = connection.prepareStatement(TABLE_SQL)) {
            statement.setLong(1, table.oid());
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    // Dropped (or dropped and recreated) since the catalogue was cached.
                    throw new SQLException("relation " + table.qualifiedName() + " no longer exists", "42P01");
                }
                {
                    comment = rs.getString("comment");
                    statistics = new TableDetails.Statistics(nullableLong(rs, "estimated_rows"),
                            nullableLong(rs, "total_bytes"), nullableLong(rs, "table_bytes"),
                            nullableLong(rs, "index_bytes"));
                    viewDefinition = rs.getString("view_definition");
                    boolean value = rs.getBoolean("populated");
                    populated = rs.wasNull() ? null : value;
                }
            }
        }
        List<ForeignKeyInfo> keys = foreignKeys(connection,
                FOREIGN_KEYS_SQL.formatted("(con.conrelid = ? OR con.confrelid = ?)"), table.oid(), table.oid());
        List<ForeignKeyInfo> outgoing = keys.stream()
                .filter(fk -> fk.fromSchema().equals(table.schema()) && fk.fromTable().equals(table.name())).toList();
        List<ForeignKeyInfo> incoming = keys.stream()
                .filter(fk -> fk.toSchema().equals(table.schema()) && fk.toTable().equals(table.name())).toList();
        List<TableDetails.RelationName> dependencies = table.kind() == TableKind.VIEW
                || table.kind() == TableKind.MATERIALIZED_VIEW ? viewDependencies(connection, table.oid()) : List.of();
        return new TableDetails(table.schema(), table.name(), table.kind(), comment, columns(connection, table.oid()),
                constraints(connection, table.oid()), outgoing, incoming, indexes(connection, table.oid()),
                triggers(connection, table.oid()), statistics, viewDefinition, dependencies, populated);
    }

    private static List<TableDetails.Column> columns(Connection connection, long oid) throws SQLException {
        List<TableDetails.Column> columns = new ArrayList<>();
        List<Long> enumTypes = new ArrayList<>();
        List<Long> enumTypeOfColumn = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS_SQL)) {
            statement.setLong(1, oid);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Long enumType = nullableLong(rs, "enum_type");
                    enumTypeOfColumn.add(enumType);
                    if (enumType != null && !enumTypes.contains(enumType)) {
                        enumTypes.add(enumType);
                    }
                    columns.add(new TableDetails.Column(rs.getString("attname"), rs.getInt("attnum"),
                            rs.getString("data_type"), rs.getString("udt_schema"), rs.getString("udt_name"),
                            typeKind(rs.getString("typtype")), rs.getBoolean("is_array"), null,
                            rs.getBoolean("nullable"), rs.getString("column_default"),
                            identity(rs.getString("attidentity")), "s".equals(rs.getString("attgenerated")) ? "stored" : null,
                            rs.getString("generation_expression"), nullableInt(rs, "max_length"),
                            nullableInt(rs, "numeric_precision"), nullableInt(rs, "numeric_scale"),
                            rs.getString("collation"), rs.getString("comment")));
                }
            }
        }
        if (enumTypes.isEmpty()) {
            return columns;
        }
        java.util.Map<Long, List<String>> labels = new java.util.HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(ENUM_SQL)) {
            statement.setArray(1, connection.createArrayOf("oid", enumTypes.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    labels.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        List<TableDetails.Column> withLabels = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            TableDetails.Column c = columns.get(i);
            Long enumType = enumTypeOfColumn.get(i);
            withLabels.add(enumType == null ? c : new TableDetails.Column(c.name(), c.position(), c.type(), c.udtSchema(),
                    c.udtName(), c.typeKind(), c.array(), List.copyOf(labels.getOrDefault(enumType, List.of())),
                    c.nullable(), c.defaultExpression(), c.identity(), c.generated(), c.generationExpression(),
                    c.maxLength(), c.numericPrecision(), c.numericScale(), c.collation(), c.comment()));
        }
        return withLabels;
    }

    private static List<TableDetails.Constraint> constraints(Connection connection, long oid) throws SQLException {
        return rows(connection, CONSTRAINTS_SQL, rs -> {
            String type = switch (rs.getString("contype")) {
                case "p" -> "primary_key";
                case "u" -> "unique";
                case "c" -> "check";
                default -> "exclusion";
            };
            return new TableDetails.Constraint(rs.getString("conname"), type,
                    stringArray(rs.getArray("columns")), rs.getString("expression"), rs.getString("definition"),
                    rs.getBoolean("condeferrable"), rs.getBoolean("condeferred"), rs.getBoolean("convalidated"));
        }, oid);
    }

    private static List<ForeignKeyInfo> foreignKeys(Connection connection, String sql, long... oids) throws SQLException {
        return rows(connection, sql, rs -> new ForeignKeyInfo(rs.getLong("oid"), rs.getString("conname"),
                rs.getString("from_schema"), rs.getString("from_table"), stringArray(rs.getArray("from_columns")),
                rs.getString("to_schema"), rs.getString("to_table"), stringArray(rs.getArray("to_columns")),
                ForeignKeyInfo.action(rs.getString("confupdtype")), ForeignKeyInfo.action(rs.getString("confdeltype")),
                ForeignKeyInfo.match(rs.getString("confmatchtype")), rs.getBoolean("condeferrable"),
                rs.getBoolean("condeferred")), oids);
    }

    private static List<TableDetails.Index> indexes(Connection connection, long oid) throws SQLException {
        return rows(connection, INDEXES_SQL, rs -> {
            Object[] flags = (Object[]) rs.getArray("key_is_expression").getArray();
            List<Boolean> expression = Arrays.stream(flags).map(f -> Boolean.TRUE.equals(f)).toList();
            return new TableDetails.Index(rs.getString("name"), stringArray(rs.getArray("keys")), expression,
                    stringArray(rs.getArray("include")), rs.getBoolean("indisunique"),
                    rs.getBoolean("indisprimary"), rs.getString("method"), rs.getString("predicate"),
                    rs.getBoolean("indisvalid"), rs.getLong("size_bytes"), rs.getString("constraint_name"),
                    rs.getString("definition"));
        }, oid);
    }

    private static List<TableDetails.Trigger> triggers(Connection connection, long oid) throws SQLException {
        return rows(connection, TRIGGERS_SQL,
                rs -> new TableDetails.Trigger(rs.getString(1), rs.getBoolean(2), rs.getString(3)), oid);
    }

    private static List<TableDetails.RelationName> viewDependencies(Connection connection, long oid) throws SQLException {
        return rows(connection, VIEW_DEPENDENCIES_SQL,
                rs -> new TableDetails.RelationName(rs.getString(1), rs.getString(2)), oid);
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Runs a catalogue query whose parameters are the given oids, mapping each row. */
    private static <T> List<T> rows(Connection connection, String sql, RowMapper<T> mapper, long... oids)
            throws SQLException {
        List<T> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < oids.length; i++) {
                statement.setLong(i + 1, oids[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
        }
        return rows;
    }

    private static String typeKind(String typtype) {
        return switch (typtype == null ? "" : typtype) {
            case "e" -> "enum";
            case "d" -> "domain";
            case "c" -> "composite";
            case "r" -> "range";
            case "m" -> "multirange";
            case "p" -> "pseudo";
            default -> "base";
        };
    }

    private static String identity(String attidentity) {
        return switch (attidentity == null ? "" : attidentity) {
            case "a" -> "always";
            case "d" -> "by default";
            default -> null;
        };
    }

    private static List<String> stringArray(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        List<String> strings = new ArrayList<>(values.length);
        for (Object value : values) {
            strings.add(value == null ? null : value.toString());
        }
        return java.util.Collections.unmodifiableList(strings);
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
