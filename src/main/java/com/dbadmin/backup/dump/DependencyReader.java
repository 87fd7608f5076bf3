package com.dbadmin.backup.dump;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Turns pg_depend into the graph's edges: which object needs which, and which post-data statement
 * needs which object. Catalog rows that are parts of an object are read as the object: a column
 * default or a valid check as its table, a view's _RETURN rule as the view, a domain's constraint as
 * the domain, a table's row type as the table, an array or multirange type as its element or range.
 */
final class DependencyReader extends CatalogReader {
    private Map<Long, Long> attrdefTable;
    private Map<Long, Long> viewRules;
    private Map<Long, Long> constraintDomain;
    private Map<Long, Long> checkTable;
    private Map<Long, Long> typeRelation;
    private Map<Long, Long> arrayElement;

    DependencyReader(Connection connection, CatalogGraph graph) {
        super(connection, graph);
    }

    void read() throws SQLException {
        attrdefTable = longMap("SELECT oid, adrelid FROM pg_attrdef WHERE oid >= " + FIRST_NORMAL_OID);
        viewRules = longMap("SELECT oid, ev_class FROM pg_rewrite WHERE rulename = '_RETURN' AND oid >= " + FIRST_NORMAL_OID);
        constraintDomain = longMap("SELECT oid, contypid FROM pg_constraint WHERE contypid <> 0 AND oid >= "
                + FIRST_NORMAL_OID);
        checkTable = longMap("SELECT oid, conrelid FROM pg_constraint WHERE contype = 'c' AND conrelid <> 0 AND oid >= "
                + FIRST_NORMAL_OID);
        typeRelation = longMap("SELECT oid, typrelid FROM pg_type WHERE typrelid <> 0 AND oid >= " + FIRST_NORMAL_OID);
        arrayElement = longMap("SELECT a.oid, a.typelem FROM pg_type a JOIN pg_type e ON e.typarray = a.oid"
                + " WHERE a.oid >= " + FIRST_NORMAL_OID);
        String sql = """
                SELECT d.classid::regclass::text, d.objid, d.refclassid::regclass::text, d.refobjid, d.deptype
                FROM pg_depend d
                WHERE d.objid >= %1$d AND d.refobjid >= %1$d AND d.deptype IN ('n', 'a')""".formatted(FIRST_NORMAL_OID);
        query(sql, rs -> {
            DatabaseObject referenced = resolve(rs.getString(3), rs.getLong(4));
            if (referenced == null) {
                return;
            }
            PostStatement post = graph.findPost(rs.getString(1), rs.getLong(2));
            if (post != null) {
                if (graph.ownerOf(post) != referenced) {
                    post.dependencies().add(referenced.key());
                }
                return;
            }
            DatabaseObject dependent = resolve(rs.getString(1), rs.getLong(2));
            if (dependent == null || dependent == referenced) {
                return;
            }
            // A serial's sequence is "owned by" its table ('a'), while the table's default uses the
            // sequence: the ownership is restored by ALTER SEQUENCE ... OWNED BY, not by ordering.
            if ("a".equals(rs.getString(5)) && dependent.kind() == ObjectKind.SEQUENCE) {
                return;
            }
            dependent.dependencies().add(referenced.key());
        });
    }

    private DatabaseObject resolve(String catalog, long oid) {
        return switch (catalog) {
            case "pg_attrdef" -> attrdefTable.containsKey(oid) ? graph.find("pg_class", attrdefTable.get(oid)) : null;
            case "pg_rewrite" -> viewRules.containsKey(oid) ? graph.find("pg_class", viewRules.get(oid)) : null;
            case "pg_constraint" -> constraintDomain.containsKey(oid) ? type(constraintDomain.get(oid), 0)
                    : checkTable.containsKey(oid) ? graph.find("pg_class", checkTable.get(oid)) : null;
            case "pg_type" -> type(oid, 0);
            default -> graph.find(catalog, oid);
        };
    }

    private DatabaseObject type(long oid, int depth) {
        DatabaseObject type = graph.find("pg_type", oid);
        if (type != null || depth > 2) {
            return type;
        }
        if (typeRelation.containsKey(oid)) {
            return graph.find("pg_class", typeRelation.get(oid));
        }
        return arrayElement.containsKey(oid) ? type(arrayElement.get(oid), depth + 1) : null;
    }
}
