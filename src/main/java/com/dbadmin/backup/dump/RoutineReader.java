package com.dbadmin.backup.dump;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads the functions, procedures and aggregates of one schema. Functions come from
 * pg_get_functiondef; aggregates (which it does not print) are rebuilt from pg_aggregate, every option
 * that differs from its default. Routines written in C (and window functions, which only C can
 * define) cannot be carried: their code is a shared library on the server, not in the catalogue.
 */
final class RoutineReader extends CatalogReader {

    RoutineReader(Connection connection, CatalogGraph graph) {
        super(connection, graph);
    }

    void read(long ns, String schema) throws SQLException {
        readFunctions(ns, schema);
        readAggregates(ns, schema);
    }

    private void readFunctions(long ns, String schema) throws SQLException {
        String sql = """
                SELECT p.oid, p.proname, p.prokind, p.oid::regprocedure::text,
                       CASE WHEN l.lanname IN ('c', 'internal') OR p.prokind = 'w' THEN NULL
                            ELSE pg_get_functiondef(p.oid) END,
                       'CREATE OR REPLACE ' || CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END || ' '
                           || quote_ident(n.nspname) || '.' || quote_ident(p.proname) || '(',
                       obj_description(p.oid, 'pg_proc'), l.lanname
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
                WHERE p.pronamespace = ? AND p.prokind IN ('f', 'p', 'w') AND %s AND %s
                ORDER BY p.proname, p.oid::regprocedure::text""".formatted(NOT_EXTENSION_MEMBER.formatted("pg_proc", "p.oid"),
                NOT_IMPLICIT.formatted("pg_proc", "p.oid"));
        query(sql, ns, rs -> {
            String signature = rs.getString(4);
            DatabaseObject function = graph.add(new DatabaseObject(ObjectKind.FUNCTION, rs.getLong(1), schema,
                    rs.getString(2), signature));
            String definition = rs.getString(5);
            if (definition == null) {
                graph.cannotCarry(function, ("w".equals(rs.getString(3)) ? "window function " : "function ")
                        + schema + "." + signature + " (written in " + rs.getString(8) + ": its code is a library on the"
                        + " server; install it with its extension)");
                return;
            }
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
    }

    private void readAggregates(long ns, String schema) throws SQLException {
        String sql = """
                SELECT p.oid, p.proname, p.oid::regprocedure::text, pg_get_function_arguments(p.oid),
                       pg_get_function_identity_arguments(p.oid), a.aggkind,
                       a.aggtransfn::regproc::text, format_type(a.aggtranstype, NULL), a.aggtransspace,
                       CASE WHEN a.aggfinalfn::oid <> 0 THEN a.aggfinalfn::regproc::text END, a.aggfinalextra,
                       a.aggfinalmodify,
                       CASE WHEN a.aggcombinefn::oid <> 0 THEN a.aggcombinefn::regproc::text END,
                       CASE WHEN a.aggserialfn::oid <> 0 THEN a.aggserialfn::regproc::text END,
                       CASE WHEN a.aggdeserialfn::oid <> 0 THEN a.aggdeserialfn::regproc::text END,
                       a.agginitval,
                       CASE WHEN a.aggmtransfn::oid <> 0 THEN a.aggmtransfn::regproc::text END,
                       CASE WHEN a.aggminvtransfn::oid <> 0 THEN a.aggminvtransfn::regproc::text END,
                       CASE WHEN a.aggmtranstype <> 0 THEN format_type(a.aggmtranstype, NULL) END, a.aggmtransspace,
                       CASE WHEN a.aggmfinalfn::oid <> 0 THEN a.aggmfinalfn::regproc::text END, a.aggmfinalextra,
                       a.aggmfinalmodify, a.aggminitval,
                       CASE WHEN a.aggsortop <> 0 THEN (SELECT 'OPERATOR(' || quote_ident(o.nspname) || '.' || op.oprname || ')'
                                                        FROM pg_operator op JOIN pg_namespace o ON o.oid = op.oprnamespace
                                                        WHERE op.oid = a.aggsortop) END,
                       p.proparallel, obj_description(p.oid, 'pg_proc')
                FROM pg_proc p JOIN pg_aggregate a ON a.aggfnoid = p.oid
                WHERE p.pronamespace = ? AND p.prokind = 'a' AND %s
                ORDER BY p.proname, p.oid::regprocedure::text""".formatted(NOT_EXTENSION_MEMBER.formatted("pg_proc", "p.oid"));
        query(sql, ns, rs -> {
            DatabaseObject aggregate = graph.add(new DatabaseObject(ObjectKind.AGGREGATE, rs.getLong(1), schema,
                    rs.getString(2), rs.getString(3)));
            String arguments = rs.getString(4).isEmpty() ? "*" : rs.getString(4);
            String identity = rs.getString(5).isEmpty() ? "*" : rs.getString(5);
            aggregate.ddl("CREATE AGGREGATE " + q(aggregate.name()) + "(" + arguments + ") (\n    "
                    + String.join(",\n    ", options(rs)) + "\n);\n");
            comment(aggregate, "AGGREGATE " + q(aggregate.name()) + "(" + identity + ")", rs.getString(27));
        });
    }

    private static java.util.List<String> options(ResultSet rs) throws SQLException {
        java.util.List<String> options = new java.util.ArrayList<>();
        boolean orderedSet = !"n".equals(rs.getString(6));
        options.add("SFUNC = " + rs.getString(7));
        options.add("STYPE = " + rs.getString(8));
        if (rs.getInt(9) != 0) {
            options.add("SSPACE = " + rs.getInt(9));
        }
        if (rs.getString(10) != null) {
            options.add("FINALFUNC = " + rs.getString(10));
        }
        if (rs.getBoolean(11)) {
            options.add("FINALFUNC_EXTRA");
        }
        String finalModify = modify(rs.getString(12));
        if (!finalModify.equals(orderedSet ? "READ_WRITE" : "READ_ONLY")) {
            options.add("FINALFUNC_MODIFY = " + finalModify);
        }
        if (rs.getString(13) != null) {
            options.add("COMBINEFUNC = " + rs.getString(13));
        }
        if (rs.getString(14) != null) {
            options.add("SERIALFUNC = " + rs.getString(14));
        }
        if (rs.getString(15) != null) {
            options.add("DESERIALFUNC = " + rs.getString(15));
        }
        if (rs.getString(16) != null) {
            options.add("INITCOND = " + literal(rs.getString(16)));
        }
        if (rs.getString(17) != null) {
            options.add("MSFUNC = " + rs.getString(17));
            options.add("MINVFUNC = " + rs.getString(18));
            options.add("MSTYPE = " + rs.getString(19));
            if (rs.getInt(20) != 0) {
                options.add("MSSPACE = " + rs.getInt(20));
            }
            if (rs.getString(21) != null) {
                options.add("MFINALFUNC = " + rs.getString(21));
            }
            if (rs.getBoolean(22)) {
                options.add("MFINALFUNC_EXTRA");
            }
            String movingModify = modify(rs.getString(23));
            if (!movingModify.equals("READ_ONLY")) {
                options.add("MFINALFUNC_MODIFY = " + movingModify);
            }
            if (rs.getString(24) != null) {
                options.add("MINITCOND = " + literal(rs.getString(24)));
            }
        }
        if (rs.getString(25) != null) {
            options.add("SORTOP = " + rs.getString(25));
        }
        switch (rs.getString(26)) {
            case "s" -> options.add("PARALLEL = SAFE");
            case "r" -> options.add("PARALLEL = RESTRICTED");
            default -> {
                // unsafe is the default
            }
        }
        if ("h".equals(rs.getString(6))) {
            options.add("HYPOTHETICAL");
        }
        return options;
    }

    private static String modify(String code) {
        return switch (code) {
            case "s" -> "SHAREABLE";
            case "w" -> "READ_WRITE";
            default -> "READ_ONLY";
        };
    }
}
