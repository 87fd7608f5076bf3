package com.dbadmin.backup.dump;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Finds the objects of the database that a backup cannot carry: base and shell types, operators,
 * operator classes and families, casts, conversions, transforms, access methods and procedural
 * languages created outside an extension, text-search parsers and templates (all of these need code
 * written in C, or only make sense with it), subscriptions (their connection strings hold
 * credentials), and placement in tablespaces (which do not belong to one database). Each is known to
 * the graph, so what depends on it is left out with it: a backup fails naming them all, unless it
 * was asked to be partial.
 */
final class NotCarriedReader extends CatalogReader {
    private static final String USER_SCHEMA = "%s NOT IN (SELECT oid FROM pg_namespace WHERE nspname IN ('pg_catalog',"
            + " 'information_schema') OR nspname ~ '^pg_toast')";

    NotCarriedReader(Connection connection, CatalogGraph graph) {
        super(connection, graph);
    }

    void read() throws SQLException {
        find("pg_type", """
                SELECT t.oid, CASE t.typtype WHEN 'p' THEN 'shell type ' ELSE 'base type ' END
                              || quote_ident(n.nspname) || '.' || quote_ident(t.typname)
                FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE t.oid >= %d AND t.typtype IN ('b', 'p') AND t.typcategory <> 'A' AND %s AND %s""",
                "t.typnamespace", "pg_type", "t.oid");
        find("pg_operator", """
                SELECT o.oid, 'operator ' || quote_ident(n.nspname) || '.' || o.oprname || '('
                              || coalesce(format_type(o.oprleft, NULL), 'NONE') || ', '
                              || coalesce(format_type(o.oprright, NULL), 'NONE') || ')'
                FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace
                WHERE o.oid >= %d AND %s AND %s""", "o.oprnamespace", "pg_operator", "o.oid");
        find("pg_opclass", """
                SELECT c.oid, 'operator class ' || quote_ident(n.nspname) || '.' || quote_ident(c.opcname)
                FROM pg_opclass c JOIN pg_namespace n ON n.oid = c.opcnamespace
                WHERE c.oid >= %d AND %s AND %s""", "c.opcnamespace", "pg_opclass", "c.oid");
        find("pg_opfamily", """
                SELECT f.oid, 'operator family ' || quote_ident(n.nspname) || '.' || quote_ident(f.opfname)
                FROM pg_opfamily f JOIN pg_namespace n ON n.oid = f.opfnamespace
                WHERE f.oid >= %d AND %s AND %s
                  AND NOT EXISTS (SELECT 1 FROM pg_opclass c WHERE c.opcfamily = f.oid)""",
                "f.opfnamespace", "pg_opfamily", "f.oid");
        find("pg_cast", """
                SELECT c.oid, 'cast (' || format_type(c.castsource, NULL) || ' AS ' || format_type(c.casttarget, NULL) || ')'
                FROM pg_cast c WHERE c.oid >= %d AND %s AND %s""", "0", "pg_cast", "c.oid");
        find("pg_conversion", """
                SELECT c.oid, 'conversion ' || quote_ident(n.nspname) || '.' || quote_ident(c.conname)
                FROM pg_conversion c JOIN pg_namespace n ON n.oid = c.connamespace
                WHERE c.oid >= %d AND %s AND %s""", "c.connamespace", "pg_conversion", "c.oid");
        find("pg_transform", """
                SELECT t.oid, 'transform for ' || format_type(t.trftype, NULL) || ' language ' || l.lanname
                FROM pg_transform t JOIN pg_language l ON l.oid = t.trflang
                WHERE t.oid >= %d AND %s AND %s""", "0", "pg_transform", "t.oid");
        find("pg_am", """
                SELECT a.oid, 'access method ' || quote_ident(a.amname) FROM pg_am a
                WHERE a.oid >= %d AND %s AND %s""", "0", "pg_am", "a.oid");
        find("pg_language", """
                SELECT l.oid, 'procedural language ' || quote_ident(l.lanname) FROM pg_language l
                WHERE l.oid >= %d AND %s AND %s""", "0", "pg_language", "l.oid");
        find("pg_ts_parser", """
                SELECT p.oid, 'text search parser ' || quote_ident(n.nspname) || '.' || quote_ident(p.prsname)
                FROM pg_ts_parser p JOIN pg_namespace n ON n.oid = p.prsnamespace
                WHERE p.oid >= %d AND %s AND %s""", "p.prsnamespace", "pg_ts_parser", "p.oid");
        find("pg_ts_template", """
                SELECT t.oid, 'text search template ' || quote_ident(n.nspname) || '.' || quote_ident(t.tmplname)
                FROM pg_ts_template t JOIN pg_namespace n ON n.oid = t.tmplnamespace
                WHERE t.oid >= %d AND %s AND %s""", "t.tmplnamespace", "pg_ts_template", "t.oid");
        query("""
                SELECT s.oid, 'subscription ' || quote_ident(s.subname) FROM pg_subscription s
                WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())""",
                rs -> graph.notCarried("pg_subscription", rs.getLong(1), rs.getString(2)));
        readTablespaces();
    }

    /**
     * Relations placed in a tablespace: the relation itself is carried, its placement is not (a
     * tablespace is a folder on one server). Partial backups restore them into the default one.
     */
    private void readTablespaces() throws SQLException {
        query("""
                SELECT c.oid, CASE c.relkind WHEN 'i' THEN 'index ' WHEN 'I' THEN 'index ' WHEN 'm' THEN 'materialized view '
                                             ELSE 'table ' END || quote_ident(n.nspname) || '.' || quote_ident(c.relname)
                       || ' in tablespace ' || quote_ident(t.spcname)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_tablespace t ON t.oid = c.reltablespace
                WHERE c.reltablespace <> 0 AND c.relkind IN ('r', 'p', 'm', 'i', 'I')
                  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'""",
                rs -> graph.notCarriedPlacement(rs.getString(2)));
    }

    private void find(String catalog, String template, String namespaceColumn, String extensionCatalog,
                      String oidColumn) throws SQLException {
        String sql = template.formatted(FIRST_NORMAL_OID,
                "0".equals(namespaceColumn) ? "true" : USER_SCHEMA.formatted(namespaceColumn),
                NOT_EXTENSION_MEMBER.formatted(extensionCatalog, oidColumn) + " AND "
                        + NOT_IMPLICIT.formatted(extensionCatalog, oidColumn));
        query(sql, rs -> graph.notCarried(catalog, rs.getLong(1), rs.getString(2)));
    }
}
