package com.dbadmin.sql.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Every kind of object a database holds, for search and the schema list: relations, sequences, indexes,
 * functions and procedures, types, extensions and triggers. An object that belongs to a relation (an index,
 * a trigger, an owned sequence) carries that relation's oid so the caller can hide it with the relation.
 * Name patterns are PostgreSQL LIKE/ILIKE patterns evaluated by PostgreSQL.
 */
public final class CatalogObjects {
    /** The kinds, in the order results list them when names tie. */
    public static final List<String> KINDS = List.of("table", "view", "materialized_view", "foreign_table", "sequence",
            "index", "function", "procedure", "type", "extension", "trigger");

    private static final String RELATIONS = """
            SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized_view' WHEN 'f' THEN 'foreign_table'
                   ELSE 'table' END AS kind, n.nspname AS schema, c.relname AS name, NULL::text AS table_name,
                   CASE c.relkind WHEN 'p' THEN 'partitioned' END AS detail,
                   obj_description(c.oid, 'pg_class') AS comment, c.oid AS guard
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind::text = ANY(?)""";

    private static final String SEQUENCES = """
            SELECT 'sequence', n.nspname, c.relname, tn.nspname || '.' || t.relname, format_type(s.seqtypid, NULL),
                   obj_description(c.oid, 'pg_class'), coalesce(t.oid, c.oid)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_sequence s ON s.seqrelid = c.oid
            LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
                 AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
            LEFT JOIN pg_class t ON t.oid = d.refobjid
            LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
            WHERE c.relkind = 'S'""";

    private static final String INDEXES = """
            SELECT 'index', n.nspname, ic.relname, tn.nspname || '.' || t.relname, am.amname,
                   obj_description(ic.oid, 'pg_class'), t.oid
            FROM pg_index i
            JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
            JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
            JOIN pg_am am ON am.oid = ic.relam""";

    private static final String ROUTINES = """
            SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, n.nspname, p.proname, NULL,
                   p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', obj_description(p.oid, 'pg_proc'),
                   NULL::oid
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE p.prokind::text = ANY(?)""";

    /** Types a user defines: not row types of relations, not array types, not pseudo-types. */
    private static final String TYPES = """
            SELECT 'type', n.nspname, t.typname, NULL,
                   CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range'
                        WHEN 'm' THEN 'multirange' WHEN 'c' THEN 'composite' ELSE 'base' END,
                   obj_description(t.oid, 'pg_type'), NULL::oid
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            LEFT JOIN pg_class c ON c.oid = t.typrelid
            WHERE t.typtype <> 'p' AND (t.typrelid = 0 OR c.relkind = 'c')
              AND NOT (t.typcategory = 'A' AND t.typelem <> 0)""";

    private static final String EXTENSIONS = """
            SELECT 'extension', n.nspname, e.extname, NULL, e.extversion, obj_description(e.oid, 'pg_extension'), NULL::oid
            FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace""";

    private static final String TRIGGERS = """
            SELECT 'trigger', n.nspname, tg.tgname, n.nspname || '.' || c.relname,
                   CASE WHEN tg.tgtype & 2 <> 0 THEN 'before' WHEN tg.tgtype & 64 <> 0 THEN 'instead of' ELSE 'after' END
                   || CASE WHEN tg.tgtype & 1 <> 0 THEN ' row' ELSE ' statement' END,
                   obj_description(tg.oid, 'pg_trigger'), c.oid
            FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE NOT tg.tgisinternal""";

    private static final String SYSTEM_SCHEMAS = """
            (o.schema IN ('pg_catalog', 'information_schema') OR o.schema LIKE 'pg\\_toast%' OR o.schema LIKE 'pg\\_temp%')""";

    private static final String SCHEMAS = """
            SELECT n.nspname, pg_get_userbyid(n.nspowner), obj_description(n.oid, 'pg_namespace'),
                   n.nspname IN ('pg_catalog', 'information_schema')
            FROM pg_namespace n
            WHERE n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
            ORDER BY n.nspname""";

    /** Visible relations per schema and kind, with their total size. */
    private static final String SCHEMA_RELATIONS = """
            SELECT n.nspname, c.relkind::text, count(*),
                   coalesce(sum(pg_total_relation_size(c.oid)) FILTER (WHERE c.relkind IN ('r', 'p', 'm')), 0)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND NOT c.relispartition
              AND NOT (c.oid::bigint = ANY(?))
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE c.relkind = 'S' AND d.classid = 'pg_class'::regclass
                              AND d.objid = c.oid AND d.deptype IN ('a', 'i') AND d.refobjid::bigint = ANY(?))
            GROUP BY 1, 2""";

    private static final String SCHEMA_ROUTINES = """
            SELECT n.nspname, count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace GROUP BY 1""";

    private CatalogObjects() {
    }

    /**
     * An object found by {@link #search}.
     *
     * @param table  the relation it belongs to (index, trigger, owned sequence), else null
     * @param detail what kind of it: a function's signature, a type's kind, an extension's version, an index method
     * @param guard  the relation whose visibility decides this object's (itself for relations), or 0
     */
    public record Found(String kind, String schema, String name, String table, String detail, String comment, long guard) {
    }

    /**
     * @param kinds         which kinds to look for (from {@link #KINDS})
     * @param pattern       a LIKE pattern matched against the name
     * @param caseSensitive LIKE rather than ILIKE
     * @param schema        only this schema (exact name), or null
     * @param system        include pg_catalog and information_schema
     */
    public static List<Found> search(Connection connection, Collection<String> kinds, String pattern, boolean caseSensitive,
                                     String schema, boolean system) throws SQLException {
        List<String> branches = new ArrayList<>();
        List<Object[]> branchParams = new ArrayList<>();
        String relkinds = relkinds(kinds);
        if (!relkinds.isEmpty()) {
            branches.add(RELATIONS);
            branchParams.add(new Object[]{relkinds});
        }
        addIf(kinds, "sequence", SEQUENCES, branches, branchParams);
        addIf(kinds, "index", INDEXES, branches, branchParams);
        String prokinds = (kinds.contains("function") ? "fwa" : "") + (kinds.contains("procedure") ? "p" : "");
        if (!prokinds.isEmpty()) {
            branches.add(ROUTINES);
            branchParams.add(new Object[]{prokinds});
        }
        addIf(kinds, "type", TYPES, branches, branchParams);
        addIf(kinds, "extension", EXTENSIONS, branches, branchParams);
        addIf(kinds, "trigger", TRIGGERS, branches, branchParams);
        if (branches.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT o.* FROM (" + String.join("\nUNION ALL\n", branches) + ") AS o(kind, schema, name, table_name,"
                + " detail, comment, guard)\nWHERE o.name " + (caseSensitive ? "LIKE" : "ILIKE") + " ?"
                + (schema == null ? "" : " AND o.schema = ?")
                + (system ? "" : " AND NOT " + SYSTEM_SCHEMAS)
                + "\nORDER BY o.schema, o.name, o.kind";
        List<Found> found = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            for (Object[] params : branchParams) {
                for (Object param : params) {
                    statement.setArray(index++, connection.createArrayOf("text", chars((String) param)));
                }
            }
            statement.setString(index++, pattern);
            if (schema != null) {
                statement.setString(index, schema);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    found.add(new Found(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getLong(7)));
                }
            }
        }
        return found;
    }

    /** One schema with how many visible objects of each kind it holds. */
    public record SchemaSummary(String name, String owner, String comment, boolean system, long tables, long views,
                                long materializedViews, long sequences, long functions, long sizeBytes) {
    }

    public static List<SchemaSummary> schemas(Connection connection, Set<Long> hiddenRelations) throws SQLException {
        java.util.Map<String, long[]> counts = new java.util.HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(SCHEMA_RELATIONS)) {
            Object[] hidden = hiddenRelations.toArray();
            statement.setArray(1, connection.createArrayOf("bigint", hidden));
            statement.setArray(2, connection.createArrayOf("bigint", hidden));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long[] row = counts.computeIfAbsent(rs.getString(1), k -> new long[6]);
                    int slot = switch (rs.getString(2)) {
                        case "r", "p", "f" -> 0;
                        case "v" -> 1;
                        case "m" -> 2;
                        default -> 3;
                    };
                    row[slot] += rs.getLong(3);
                    row[5] += rs.getLong(4);
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(SCHEMA_ROUTINES); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                counts.computeIfAbsent(rs.getString(1), k -> new long[6])[4] = rs.getLong(2);
            }
        }
        List<SchemaSummary> schemas = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(SCHEMAS); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                long[] c = counts.getOrDefault(rs.getString(1), new long[6]);
                schemas.add(new SchemaSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        c[0], c[1], c[2], c[3], c[4], c[5]));
            }
        }
        return schemas;
    }

    private static void addIf(Collection<String> kinds, String kind, String sql, List<String> branches, List<Object[]> params) {
        if (kinds.contains(kind)) {
            branches.add(sql);
            params.add(new Object[0]);
        }
    }

    private static String relkinds(Collection<String> kinds) {
        StringBuilder relkinds = new StringBuilder();
        if (kinds.contains("table")) {
            relkinds.append("rp");
        }
        if (kinds.contains("view")) {
            relkinds.append('v');
        }
        if (kinds.contains("materialized_view")) {
            relkinds.append('m');
        }
        if (kinds.contains("foreign_table")) {
            relkinds.append('f');
        }
        return relkinds.toString();
    }

    private static String[] chars(String letters) {
        return letters.chars().mapToObj(ch -> String.valueOf((char) ch)).toArray(String[]::new);
    }

    /** The LIKE pattern for a caller's name filter: as given when it has a wildcard, else "contains". */
    public static String likePattern(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            return "%";
        }
        if (pattern.contains("%") || pattern.contains("_")) {
            return pattern;
        }
        return "%" + pattern + "%";
    }
}
