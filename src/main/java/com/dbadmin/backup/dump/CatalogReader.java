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
import java.util.List;
import java.util.Map;

/**
 * What every catalogue reader shares: the snapshot's connection, the graph it adds to, the server's
 * version (catalogue columns differ between 13 and 17) and small query helpers.
 */
abstract class CatalogReader {
    /** Objects with lower OIDs are built into PostgreSQL. */
    static final long FIRST_NORMAL_OID = 16384;

    static final String NOT_EXTENSION_MEMBER = """
            NOT EXISTS (SELECT 1 FROM pg_depend ext WHERE ext.classid = '%s'::regclass AND ext.objid = %s AND ext.deptype = 'e')""";

    /**
     * Not created by the user but along with another object (a range type's constructors and its
     * multirange's casts): they come back with that object.
     */
    static final String NOT_IMPLICIT = """
            NOT EXISTS (SELECT 1 FROM pg_depend imp WHERE imp.classid = '%s'::regclass AND imp.objid = %s AND imp.deptype = 'i')""";

    /** A collation's name as SQL writes it: unqualified in pg_catalog, else schema-qualified. */
    static final String COLLATION_OF = """
            (SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname)
                         ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END
             FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = %s)""";

    /** name 'value', … of an options array (reloptions style "k=v" entries), as CREATE … OPTIONS (…) takes them. */
    static final String OPTIONS_OF = """
            array_to_string(array(SELECT quote_ident(option_name) || ' ' || quote_literal(option_value)
                                  FROM pg_options_to_table(%s)), ', ')""";

    protected final Connection connection;
    protected final CatalogGraph graph;
    protected final int version;

    CatalogReader(Connection connection, CatalogGraph graph) {
        this.connection = connection;
        this.graph = graph;
        this.version = graph.snapshot().serverVersionNumber();
    }

    protected ObjectSnapshot snapshot() {
        return graph.snapshot();
    }

    protected void query(String sql, long parameter, RowHandler handler) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    handler.handle(rs);
                }
            }
        }
    }

    protected void query(String sql, RowHandler handler) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                handler.handle(rs);
            }
        }
    }

    protected Map<Long, Long> longMap(String sql) throws SQLException {
        Map<Long, Long> map = new HashMap<>();
        query(sql, rs -> map.put(rs.getLong(1), rs.getLong(2)));
        return map;
    }

    @FunctionalInterface
    protected interface RowHandler {
        void handle(ResultSet rs) throws SQLException;
    }

    protected void setSearchPath(String schema) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL search_path = " + Identifiers.quote(schema));
        }
    }

    protected void resetSearchPath() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL search_path = pg_catalog");
        }
    }

    static List<String> strings(Array array) throws SQLException {
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

    static void comment(DatabaseObject object, String target, String text) {
        if (text != null) {
            object.comments().add("COMMENT ON " + target + " IS " + literal(text) + ";\n");
        }
    }

    static boolean isInternalSchema(String schema) {
        return com.dbadmin.guard.TablePolicy.INTERNAL_SCHEMA.equalsIgnoreCase(schema);
    }

    static String q(String identifier) {
        return Identifiers.quote(identifier);
    }

    /** A standard-conforming string literal (the dump sets standard_conforming_strings = on). */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
