package com.dbadmin.backup.dump;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Reads, for the relations of one schema, what is created after the data (as pg_dump does, so rows
 * load fast and no trigger, rule or policy sees them): primary keys, unique and exclusion constraints,
 * indexes (with their statistics targets, attached to partitioned parents), foreign keys, CLUSTER ON
 * and REPLICA IDENTITY USING INDEX, triggers (on tables and views, with their enabled state), rules,
 * row-level security policies and extended statistics objects. Each records its catalog row, so its
 * own dependencies (pg_depend) can leave it out consistently.
 */
final class PostDataReader extends CatalogReader {

    PostDataReader(Connection connection, CatalogGraph graph) {
        super(connection, graph);
    }

    void read(long ns) throws SQLException {
        readKeysAndForeignKeys(ns);
        readIndexes(ns);
        readIndexAttachments(ns);
        readIndexUses(ns);
        readTriggers(ns);
        readRules(ns);
        readPolicies(ns);
        readStatistics(ns);
    }

    private void readKeysAndForeignKeys(long ns) throws SQLException {
        String sql = """
                SELECT c.conrelid, c.conname, c.contype, pg_get_constraintdef(c.oid, true), c.conparentid <> 0,
                       c.confrelid, obj_description(c.oid, 'pg_constraint'), c.oid
                FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
                WHERE r.relnamespace = ? AND c.contype IN ('p', 'u', 'x', 'f') AND r.relkind IN ('r', 'p')
                ORDER BY c.conrelid, c.contype, c.conname""";
        query(sql, ns, rs -> {
            DatabaseObject table = graph.find("pg_class", rs.getLong(1));
            if (table == null || table.kind() != ObjectKind.TABLE) {
                return;
            }
            String name = rs.getString(2);
            if ("f".equals(rs.getString(3))) {
                if (rs.getBoolean(5)) {
                    return; // partitions inherit foreign keys from their parent
                }
                // Foreign keys on partitioned tables cannot use ONLY; they cascade to partitions.
                String only = table.table().partitioned() ? "" : "ONLY ";
                DatabaseObject target = graph.find("pg_class", rs.getLong(6));
                graph.post(table, new PostStatement("foreign_key", name, "ALTER TABLE " + only + q(table.name())
                        + " ADD CONSTRAINT " + q(name) + " " + rs.getString(4) + ";\n", "pg_constraint", rs.getLong(8))
                        .references(target == null ? "table:?" : target.key()));
            } else {
                graph.post(table, new PostStatement("constraint", name, "ALTER TABLE ONLY " + q(table.name())
                        + " ADD CONSTRAINT " + q(name) + " " + rs.getString(4) + ";\n", "pg_constraint", rs.getLong(8)));
            }
            comment(table, "CONSTRAINT " + q(name) + " ON " + q(table.name()), rs.getString(7));
        });
    }

    private void readIndexes(long ns) throws SQLException {
        String sql = """
                SELECT i.indrelid, ic.relname, pg_get_indexdef(i.indexrelid, 0, true), obj_description(ic.oid, 'pg_class'),
                       ic.oid,
                       array(SELECT 'ALTER INDEX ' || quote_ident(ic.relname) || ' ALTER COLUMN ' || a.attnum
                                    || ' SET STATISTICS ' || a.attstattarget || E';\\n'
                             FROM pg_attribute a WHERE a.attrelid = ic.oid AND a.attstattarget >= 0 ORDER BY a.attnum),
                       ic.reltablespace <> 0
                FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class r ON r.oid = i.indrelid
                WHERE r.relnamespace = ? AND r.relkind IN ('r', 'p', 'm')
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid
                                  AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
                ORDER BY i.indrelid, ic.relname""";
        query(sql, ns, rs -> {
            DatabaseObject relation = graph.find("pg_class", rs.getLong(1));
            if (relation == null || relation.table() == null) {
                return;
            }
            String name = rs.getString(2);
            graph.post(relation, new PostStatement("index", name, rs.getString(3) + ";\n"
                    + String.join("", strings(rs.getArray(6))), "pg_class", rs.getLong(5)));
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
            DatabaseObject table = graph.find("pg_class", rs.getLong(1));
            if (table == null || table.table() == null) {
                return;
            }
            graph.post(table, new PostStatement("index_attach", rs.getString(4),
                    "ALTER INDEX " + rs.getString(2) + " ATTACH PARTITION " + rs.getString(3) + ";\n", null, 0));
        });
    }

    /** CLUSTER ON and REPLICA IDENTITY USING INDEX: they name an index, so they follow it. */
    private void readIndexUses(long ns) throws SQLException {
        String sql = """
                SELECT i.indrelid, ic.relname, i.indisclustered, i.indisreplident AND r.relreplident = 'i'
                FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class r ON r.oid = i.indrelid
                WHERE r.relnamespace = ? AND r.relkind IN ('r', 'm') AND (i.indisclustered OR i.indisreplident)
                ORDER BY i.indrelid, ic.relname""";
        query(sql, ns, rs -> {
            DatabaseObject table = graph.find("pg_class", rs.getLong(1));
            if (table == null || table.table() == null) {
                return;
            }
            String index = q(rs.getString(2));
            if (rs.getBoolean(3)) {
                graph.post(table, new PostStatement("index_use", rs.getString(2),
                        "ALTER TABLE " + q(table.name()) + " CLUSTER ON " + index + ";\n", null, 0));
            }
            if (rs.getBoolean(4)) {
                graph.post(table, new PostStatement("index_use", rs.getString(2),
                        "ALTER TABLE ONLY " + q(table.name()) + " REPLICA IDENTITY USING INDEX " + index + ";\n", null, 0));
            }
        });
    }

    private void readTriggers(long ns) throws SQLException {
        String sql = """
                SELECT t.tgrelid, t.tgname, pg_get_triggerdef(t.oid, true), t.tgenabled, t.oid,
                       obj_description(t.oid, 'pg_trigger'), (t.tgtype & 1) <> 0
                FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid
                WHERE r.relnamespace = ? AND NOT t.tgisinternal AND t.tgparentid = 0
                ORDER BY t.tgrelid, t.tgname""";
        query(sql, ns, rs -> {
            DatabaseObject relation = graph.find("pg_class", rs.getLong(1));
            if (relation == null || !relation.kind().isRelation()) {
                return;
            }
            String name = rs.getString(2);
            StringBuilder sqlText = new StringBuilder(rs.getString(3)).append(";\n");
            sqlText.append(enabledState("ALTER TABLE " + q(relation.name()) + " ", "TRIGGER " + q(name), rs.getString(4)));
            graph.post(relation, new PostStatement("trigger", name, sqlText.toString(), "pg_trigger", rs.getLong(5))
                    .trigger(rs.getString(4), rs.getBoolean(7)));
            comment(relation, "TRIGGER " + q(name) + " ON " + q(relation.name()), rs.getString(6));
        });
    }

    /** Rules other than the ones that make views (_RETURN), with their enabled state. */
    private void readRules(long ns) throws SQLException {
        String sql = """
                SELECT r.ev_class, r.rulename, pg_get_ruledef(r.oid, true), r.ev_enabled, r.oid,
                       obj_description(r.oid, 'pg_rewrite')
                FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
                WHERE c.relnamespace = ? AND r.rulename <> '_RETURN'
                ORDER BY r.ev_class, r.rulename""";
        query(sql, ns, rs -> {
            DatabaseObject relation = graph.find("pg_class", rs.getLong(1));
            if (relation == null) {
                return;
            }
            String name = rs.getString(2);
            String definition = rs.getString(3).strip();
            StringBuilder sqlText = new StringBuilder(definition).append(definition.endsWith(";") ? "\n" : ";\n");
            sqlText.append(enabledState("ALTER TABLE " + q(relation.name()) + " ", "RULE " + q(name), rs.getString(4)));
            graph.post(relation, new PostStatement("rule", name, sqlText.toString(), "pg_rewrite", rs.getLong(5)));
            comment(relation, "RULE " + q(name) + " ON " + q(relation.name()), rs.getString(6));
        });
    }

    private void readPolicies(long ns) throws SQLException {
        String sql = """
                SELECT p.polrelid, p.polname, p.polcmd, p.polpermissive,
                       array_to_string(array(SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r)) END
                                             FROM unnest(p.polroles) WITH ORDINALITY AS u(r, n) ORDER BY n), ', '),
                       pg_get_expr(p.polqual, p.polrelid, true), pg_get_expr(p.polwithcheck, p.polrelid, true), p.oid,
                       obj_description(p.oid, 'pg_policy')
                FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
                WHERE c.relnamespace = ?
                ORDER BY p.polrelid, p.polname""";
        Map<String, String> commands = Map.of("*", "ALL", "r", "SELECT", "a", "INSERT", "w", "UPDATE", "d", "DELETE");
        query(sql, ns, rs -> {
            DatabaseObject table = graph.find("pg_class", rs.getLong(1));
            if (table == null) {
                return;
            }
            String name = rs.getString(2);
            StringBuilder policy = new StringBuilder("CREATE POLICY ").append(q(name)).append(" ON ").append(q(table.name()));
            if (!rs.getBoolean(4)) {
                policy.append(" AS RESTRICTIVE");
            }
            policy.append(" FOR ").append(commands.get(rs.getString(3))).append(" TO ").append(rs.getString(5));
            if (rs.getString(6) != null) {
                policy.append(" USING (").append(rs.getString(6)).append(')');
            }
            if (rs.getString(7) != null) {
                policy.append(" WITH CHECK (").append(rs.getString(7)).append(')');
            }
            graph.post(table, new PostStatement("policy", name, policy.append(";\n").toString(), "pg_policy",
                    rs.getLong(8)));
            comment(table, "POLICY " + q(name) + " ON " + q(table.name()), rs.getString(9));
        });
    }

    /**
     * Extended statistics. pg_get_statisticsobjdef always qualifies the object's name; the schema is
     * dropped when it is the table's, so it follows search_path like everything else.
     */
    private void readStatistics(long ns) throws SQLException {
        String sql = """
                SELECT s.stxrelid, s.stxname, pg_get_statisticsobjdef(s.oid),
                       CASE WHEN s.stxstattarget >= 0 THEN s.stxstattarget END, s.oid,
                       obj_description(s.oid, 'pg_statistic_ext'), s.stxnamespace = c.relnamespace,
                       quote_ident(n.nspname) || '.' || quote_ident(s.stxname)
                FROM pg_statistic_ext s JOIN pg_class c ON c.oid = s.stxrelid JOIN pg_namespace n ON n.oid = s.stxnamespace
                WHERE c.relnamespace = ?
                ORDER BY s.stxrelid, s.stxname""";
        query(sql, ns, rs -> {
            DatabaseObject table = graph.find("pg_class", rs.getLong(1));
            if (table == null) {
                return;
            }
            String qualified = rs.getString(8);
            String name = rs.getBoolean(7) ? q(rs.getString(2)) : qualified;
            String definition = rs.getString(3);
            if (rs.getBoolean(7) && definition.startsWith("CREATE STATISTICS " + qualified)) {
                definition = "CREATE STATISTICS " + name + definition.substring(("CREATE STATISTICS " + qualified).length());
            }
            StringBuilder sqlText = new StringBuilder(definition).append(";\n");
            int target = rs.getInt(4);
            if (!rs.wasNull()) {
                sqlText.append("ALTER STATISTICS ").append(name).append(" SET STATISTICS ").append(target).append(";\n");
            }
            graph.post(table, new PostStatement("statistics", rs.getString(2), sqlText.toString(), "pg_statistic_ext",
                    rs.getLong(5)));
            comment(table, "STATISTICS " + name, rs.getString(6));
        });
    }

    /** The ALTER statement that gives a trigger or rule its enabled state ('O', the default, needs none). */
    private static String enabledState(String alter, String what, String state) {
        return switch (state) {
            case "D" -> alter + "DISABLE " + what + ";\n";
            case "R" -> alter + "ENABLE REPLICA " + what + ";\n";
            case "A" -> alter + "ENABLE ALWAYS " + what + ";\n";
            default -> "";
        };
    }
}
