package com.dbadmin.backup.dump;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Reads, for one schema, what column definitions refer to by name: enums, domains, composite and
 * range types, collations, and text-search dictionaries and configurations. The connection's
 * search_path is the schema, so the catalogue's deparsers print its own names unqualified.
 */
final class TypeReader extends CatalogReader {

    TypeReader(Connection connection, CatalogGraph graph) {
        super(connection, graph);
    }

    void read(long ns, String schema) throws SQLException {
        readCollations(ns, schema);
        readEnums(ns, schema);
        readDomains(ns, schema);
        readComposites(ns, schema);
        readRanges(ns, schema);
        readDictionaries(ns, schema);
        readConfigurations(ns, schema);
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
            DatabaseObject type = graph.add(new DatabaseObject(ObjectKind.ENUM, rs.getLong(1), schema, rs.getString(2), null));
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
                       obj_description(t.oid, 'pg_type'),
                       array(SELECT 'COMMENT ON CONSTRAINT ' || quote_ident(c.conname) || ' ON DOMAIN '
                                    || quote_ident(t.typname) || ' IS ' || quote_literal(d.description) || E';\\n'
                             FROM pg_constraint c JOIN pg_description d ON d.objoid = c.oid
                                  AND d.classoid = 'pg_constraint'::regclass
                             WHERE c.contypid = t.oid ORDER BY c.conname)
                FROM pg_type t JOIN pg_type bt ON bt.oid = t.typbasetype
                WHERE t.typnamespace = ? AND t.typtype = 'd' AND %s
                ORDER BY t.typname""".formatted(COLLATION_OF.formatted("t.typcollation"),
                NOT_EXTENSION_MEMBER.formatted("pg_type", "t.oid"));
        query(sql, ns, rs -> {
            DatabaseObject domain = graph.add(new DatabaseObject(ObjectKind.DOMAIN, rs.getLong(1), schema, rs.getString(2),
                    null));
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
            domain.comments().addAll(strings(rs.getArray(10)));
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
                       obj_description(t.oid, 'pg_type'),
                       array(SELECT 'COMMENT ON COLUMN ' || quote_ident(t.typname) || '.' || quote_ident(a.attname)
                                    || ' IS ' || quote_literal(d.description) || E';\\n'
                             FROM pg_attribute a JOIN pg_description d ON d.objoid = a.attrelid
                                  AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum
                             WHERE a.attrelid = t.typrelid AND a.attnum > 0 ORDER BY a.attnum)
                FROM pg_type t JOIN pg_class c ON c.oid = t.typrelid
                WHERE t.typnamespace = ? AND t.typtype = 'c' AND c.relkind = 'c' AND %s
                ORDER BY t.typname""".formatted(COLLATION_OF.formatted("a.attcollation"),
                NOT_EXTENSION_MEMBER.formatted("pg_type", "t.oid"));
        query(sql, ns, rs -> {
            DatabaseObject type = graph.add(new DatabaseObject(ObjectKind.COMPOSITE, rs.getLong(1), schema, rs.getString(2),
                    null));
            graph.alias("pg_class", rs.getLong(3), type);
            type.ddl("CREATE TYPE " + q(type.name()) + " AS (" + rs.getString(4) + ");\n");
            comment(type, "TYPE " + q(type.name()), rs.getString(5));
            type.comments().addAll(strings(rs.getArray(6)));
        });
    }

    /**
     * Range types, with their multirange (PostgreSQL 14+) known under the range's key. A canonical
     * function is written in C (it takes the range type itself, which needs a shell type first); such
     * a range cannot be carried.
     */
    private void readRanges(long ns, String schema) throws SQLException {
        boolean multiranges = version >= 140000;
        String sql = """
                SELECT t.oid, t.typname, format_type(r.rngsubtype, NULL),
                       CASE WHEN NOT opc.opcdefault THEN quote_ident(opn.nspname) || '.' || quote_ident(opc.opcname) END,
                       CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation THEN %s END,
                       CASE WHEN r.rngcanonical::oid <> 0 THEN r.rngcanonical::regproc::text END,
                       CASE WHEN r.rngsubdiff::oid <> 0 THEN r.rngsubdiff::regproc::text END,
                       %s, %s, obj_description(t.oid, 'pg_type')
                FROM pg_type t JOIN pg_range r ON r.rngtypid = t.oid JOIN pg_type st ON st.oid = r.rngsubtype
                JOIN pg_opclass opc ON opc.oid = r.rngsubopc JOIN pg_namespace opn ON opn.oid = opc.opcnamespace
                WHERE t.typnamespace = ? AND t.typtype = 'r' AND %s
                ORDER BY t.typname""".formatted(COLLATION_OF.formatted("r.rngcollation"),
                multiranges ? "(SELECT CASE WHEN m.typnamespace = t.typnamespace THEN quote_ident(m.typname)"
                        + " ELSE quote_ident(mn.nspname) || '.' || quote_ident(m.typname) END FROM pg_type m"
                        + " JOIN pg_namespace mn ON mn.oid = m.typnamespace WHERE m.oid = r.rngmultitypid)" : "NULL",
                multiranges ? "r.rngmultitypid" : "0", NOT_EXTENSION_MEMBER.formatted("pg_type", "t.oid"));
        query(sql, ns, rs -> {
            DatabaseObject range = graph.add(new DatabaseObject(ObjectKind.RANGE, rs.getLong(1), schema, rs.getString(2),
                    null));
            StringBuilder ddl = new StringBuilder("CREATE TYPE ").append(q(range.name())).append(" AS RANGE (\n    SUBTYPE = ")
                    .append(rs.getString(3));
            if (rs.getString(4) != null) {
                ddl.append(",\n    SUBTYPE_OPCLASS = ").append(rs.getString(4));
            }
            if (rs.getString(5) != null) {
                ddl.append(",\n    COLLATION = ").append(rs.getString(5));
            }
            if (rs.getString(7) != null) {
                ddl.append(",\n    SUBTYPE_DIFF = ").append(rs.getString(7));
            }
            if (rs.getString(8) != null) {
                ddl.append(",\n    MULTIRANGE_TYPE_NAME = ").append(rs.getString(8));
            }
            range.ddl(ddl.append("\n);\n").toString());
            if (rs.getLong(9) != 0) {
                graph.alias("pg_type", rs.getLong(9), range);
            }
            if (rs.getString(6) != null) {
                graph.cannotCarry(range, "range type " + range.qualifiedName() + " (its canonical function "
                        + rs.getString(6) + " is written in C)");
            }
            comment(range, "TYPE " + q(range.name()), rs.getString(10));
        });
    }

    /** Collations, per provider and version (the columns moved between 14, 15, 16 and 17). */
    private void readCollations(long ns, String schema) throws SQLException {
        String icuLocale = version >= 170000 ? "c.colllocale" : version >= 150000 ? "c.colliculocale" : "c.collcollate";
        String icuRules = version >= 160000 ? "c.collicurules" : "NULL";
        String sql = """
                SELECT c.oid, c.collname, c.collprovider, c.collisdeterministic, c.collcollate, c.collctype, %s, %s,
                       obj_description(c.oid, 'pg_collation')
                FROM pg_collation c WHERE c.collnamespace = ? AND %s
                ORDER BY c.collname""".formatted(icuLocale, icuRules, NOT_EXTENSION_MEMBER.formatted("pg_collation", "c.oid"));
        query(sql, ns, rs -> {
            DatabaseObject collation = graph.add(new DatabaseObject(ObjectKind.COLLATION, rs.getLong(1), schema,
                    rs.getString(2), null));
            String provider = rs.getString(3);
            StringBuilder ddl = new StringBuilder("CREATE COLLATION ").append(q(collation.name())).append(" (");
            switch (provider) {
                case "i" -> {
                    ddl.append("provider = icu, locale = ").append(literal(rs.getString(7)));
                    if (rs.getString(8) != null) {
                        ddl.append(", rules = ").append(literal(rs.getString(8)));
                    }
                }
                case "b" -> ddl.append("provider = builtin, locale = ").append(literal(rs.getString(7)));
                default -> {
                    if (rs.getString(5).equals(rs.getString(6))) {
                        ddl.append("provider = libc, locale = ").append(literal(rs.getString(5)));
                    } else {
                        ddl.append("provider = libc, lc_collate = ").append(literal(rs.getString(5)))
                                .append(", lc_ctype = ").append(literal(rs.getString(6)));
                    }
                }
            }
            if (!rs.getBoolean(4)) {
                ddl.append(", deterministic = false");
            }
            collation.ddl(ddl.append(");\n").toString());
            comment(collation, "COLLATION " + q(collation.name()), rs.getString(9));
        });
    }

    private void readDictionaries(long ns, String schema) throws SQLException {
        String sql = """
                SELECT d.oid, d.dictname,
                       CASE WHEN tn.nspname = 'pg_catalog' THEN quote_ident(t.tmplname)
                            ELSE quote_ident(tn.nspname) || '.' || quote_ident(t.tmplname) END,
                       d.dictinitoption, obj_description(d.oid, 'pg_ts_dict')
                FROM pg_ts_dict d JOIN pg_ts_template t ON t.oid = d.dicttemplate
                JOIN pg_namespace tn ON tn.oid = t.tmplnamespace
                WHERE d.dictnamespace = ? AND %s
                ORDER BY d.dictname""".formatted(NOT_EXTENSION_MEMBER.formatted("pg_ts_dict", "d.oid"));
        query(sql, ns, rs -> {
            DatabaseObject dictionary = graph.add(new DatabaseObject(ObjectKind.TS_DICTIONARY, rs.getLong(1), schema,
                    rs.getString(2), null));
            dictionary.ddl("CREATE TEXT SEARCH DICTIONARY " + q(dictionary.name()) + " (\n    TEMPLATE = " + rs.getString(3)
                    + (rs.getString(4) == null ? "" : ",\n    " + rs.getString(4)) + "\n);\n");
            comment(dictionary, "TEXT SEARCH DICTIONARY " + q(dictionary.name()), rs.getString(5));
        });
    }

    /** A configuration is created with its parser only, then given exactly the mappings it had. */
    private void readConfigurations(long ns, String schema) throws SQLException {
        String sql = """
                SELECT c.oid, c.cfgname,
                       CASE WHEN pn.nspname = 'pg_catalog' THEN quote_ident(p.prsname)
                            ELSE quote_ident(pn.nspname) || '.' || quote_ident(p.prsname) END,
                       obj_description(c.oid, 'pg_ts_config'),
                       array(SELECT 'ALTER TEXT SEARCH CONFIGURATION ' || quote_ident(c.cfgname) || ' ADD MAPPING FOR '
                                    || quote_ident(tt.alias) || ' WITH '
                                    || string_agg(m.mapdict::regdictionary::text, ', ' ORDER BY m.mapseqno) || E';\\n'
                             FROM pg_ts_config_map m JOIN ts_token_type(c.cfgparser) tt ON tt.tokid = m.maptokentype
                             WHERE m.mapcfg = c.oid GROUP BY m.maptokentype, tt.alias ORDER BY m.maptokentype)
                FROM pg_ts_config c JOIN pg_ts_parser p ON p.oid = c.cfgparser JOIN pg_namespace pn ON pn.oid = p.prsnamespace
                WHERE c.cfgnamespace = ? AND %s
                ORDER BY c.cfgname""".formatted(NOT_EXTENSION_MEMBER.formatted("pg_ts_config", "c.oid"));
        query(sql, ns, rs -> {
            DatabaseObject config = graph.add(new DatabaseObject(ObjectKind.TS_CONFIG, rs.getLong(1), schema,
                    rs.getString(2), null));
            config.ddl("CREATE TEXT SEARCH CONFIGURATION " + q(config.name()) + " (\n    PARSER = " + rs.getString(3)
                    + "\n);\n" + String.join("", strings(rs.getArray(5))));
            comment(config, "TEXT SEARCH CONFIGURATION " + q(config.name()), rs.getString(4));
        });
    }
}
