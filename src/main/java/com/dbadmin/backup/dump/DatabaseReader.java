package com.dbadmin.backup.dump;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * Reads what belongs to the database rather than to one schema: the schemas themselves, extensions
 * (with their versions and the rows of their configuration tables), foreign-data wrappers, servers and
 * user mappings (without secrets), publications with their tables, event triggers, large objects and
 * security labels.
 */
final class DatabaseReader extends CatalogReader {
    /** User-mapping options that hold credentials: never written into a backup. */
    private static final Pattern SECRET_OPTION = Pattern.compile("(?i).*(password|passfile|secret|token|sslkey).*");

    private final BiPredicate<String, String> tableVisible;

    DatabaseReader(Connection connection, CatalogGraph graph, BiPredicate<String, String> tableVisible) {
        super(connection, graph);
        this.tableVisible = tableVisible;
    }

    /** The schemas to read, by oid (extension-owned ones excluded). */
    Map<Long, String> readSchemas() throws SQLException {
        Map<Long, String> names = new LinkedHashMap<>();
        String sql = """
                SELECT n.oid, n.nspname, obj_description(n.oid, 'pg_namespace')
                FROM pg_namespace n
                WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' AND %s
                ORDER BY n.nspname""".formatted(NOT_EXTENSION_MEMBER.formatted("pg_namespace", "n.oid"));
        query(sql, rs -> {
            String name = rs.getString(2);
            names.put(rs.getLong(1), name);
            if (!isInternalSchema(name)) {
                // public's stock comment ships with every database; only a changed one is worth carrying.
                String comment = rs.getString(3);
                if ("public".equals(name) && "standard public schema".equals(comment)) {
                    comment = null;
                }
                snapshot().schemas().add(new ObjectSnapshot.SchemaInfo(name, comment, null, new ArrayList<>()));
            }
        });
        return names;
    }

    /**
     * Extensions with their versions, so a restore installs the version the database had, and the rows
     * their configuration tables hold for the database (the condition the extension declared).
     */
    void readExtensions() throws SQLException {
        Map<Long, List<ObjectSnapshot.ConfigTable>> configs = new LinkedHashMap<>();
        String config = """
                SELECT e.oid, n.nspname, c.relname, cfg.condition,
                       array(SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0
                             AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum)
                FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS cfg(relation, condition)
                JOIN pg_class c ON c.oid = cfg.relation JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind = 'r'
                ORDER BY e.oid, n.nspname, c.relname""";
        query(config, rs -> {
            if (tableVisible.test(rs.getString(2), rs.getString(3))) {
                configs.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new ObjectSnapshot.ConfigTable(
                        rs.getString(2), rs.getString(3), rs.getString(4) == null ? "" : rs.getString(4),
                        strings(rs.getArray(5))));
            }
        });
        String sql = """
                SELECT e.oid, e.extname, n.nspname, e.extversion, obj_description(e.oid, 'pg_extension')
                FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                WHERE e.extname <> 'plpgsql' ORDER BY e.extname""";
        query(sql, rs -> {
            if (!isInternalSchema(rs.getString(3))) {
                snapshot().extensions().add(new ObjectSnapshot.ExtensionInfo(rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), configs.getOrDefault(rs.getLong(1), List.of())));
            }
        });
    }

    /** Foreign-data wrappers, servers and user mappings; then publications, event triggers, large objects. */
    void readDatabaseObjects() throws SQLException {
        readWrappers();
        readServers();
        readUserMappings();
        readPublications();
        readEventTriggers();
        readLargeObjects();
    }

    /** Wrappers not created by an extension (those come with CREATE EXTENSION). */
    private void readWrappers() throws SQLException {
        String sql = """
                SELECT w.oid, w.fdwname,
                       CASE WHEN w.fdwhandler <> 0 THEN w.fdwhandler::regproc::text END,
                       CASE WHEN w.fdwvalidator <> 0 THEN w.fdwvalidator::regproc::text END,
                       %s, obj_description(w.oid, 'pg_foreign_data_wrapper')
                FROM pg_foreign_data_wrapper w WHERE %s ORDER BY w.fdwname"""
                .formatted(OPTIONS_OF.formatted("w.fdwoptions"), NOT_EXTENSION_MEMBER.formatted("pg_foreign_data_wrapper", "w.oid"));
        query(sql, rs -> {
            DatabaseObject wrapper = graph.add(new DatabaseObject(ObjectKind.FDW, rs.getLong(1), null, rs.getString(2), null));
            StringBuilder ddl = new StringBuilder("CREATE FOREIGN DATA WRAPPER ").append(q(wrapper.name()));
            ddl.append(rs.getString(3) == null ? " NO HANDLER" : " HANDLER " + rs.getString(3));
            ddl.append(rs.getString(4) == null ? " NO VALIDATOR" : " VALIDATOR " + rs.getString(4));
            if (!rs.getString(5).isEmpty()) {
                ddl.append(" OPTIONS (").append(rs.getString(5)).append(')');
            }
            wrapper.ddl(ddl.append(";\n").toString());
            comment(wrapper, "FOREIGN DATA WRAPPER " + q(wrapper.name()), rs.getString(6));
        });
    }

    private void readServers() throws SQLException {
        String sql = """
                SELECT s.oid, s.srvname, quote_ident(w.fdwname), s.srvtype, s.srvversion, %s,
                       obj_description(s.oid, 'pg_foreign_server')
                FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
                WHERE %s ORDER BY s.srvname""".formatted(OPTIONS_OF.formatted("s.srvoptions"),
                NOT_EXTENSION_MEMBER.formatted("pg_foreign_server", "s.oid"));
        query(sql, rs -> {
            DatabaseObject server = graph.add(new DatabaseObject(ObjectKind.SERVER, rs.getLong(1), null, rs.getString(2),
                    null));
            StringBuilder ddl = new StringBuilder("CREATE SERVER ").append(q(server.name()));
            if (rs.getString(4) != null) {
                ddl.append(" TYPE ").append(literal(rs.getString(4)));
            }
            if (rs.getString(5) != null) {
                ddl.append(" VERSION ").append(literal(rs.getString(5)));
            }
            ddl.append(" FOREIGN DATA WRAPPER ").append(rs.getString(3));
            if (!rs.getString(6).isEmpty()) {
                ddl.append(" OPTIONS (").append(rs.getString(6)).append(')');
            }
            server.ddl(ddl.append(";\n").toString());
            comment(server, "SERVER " + q(server.name()), rs.getString(7));
        });
    }

    /** User mappings with their options, except credentials: a backup never carries a password. */
    private void readUserMappings() throws SQLException {
        String sql = """
                SELECT um.umid, um.srvid, um.srvname,
                       CASE WHEN um.umuser = 0 THEN 'PUBLIC' ELSE quote_ident(um.usename) END, um.umoptions
                FROM pg_user_mappings um ORDER BY um.srvname, um.usename""";
        query(sql, rs -> {
            DatabaseObject server = graph.find("pg_foreign_server", rs.getLong(2));
            if (server == null) {
                return;
            }
            String user = rs.getString(4);
            DatabaseObject mapping = graph.add(new DatabaseObject(ObjectKind.USER_MAPPING, rs.getLong(1), null,
                    user + " SERVER " + rs.getString(3), null));
            mapping.dependencies().add(server.key());
            List<String> options = new ArrayList<>();
            for (String option : strings(rs.getArray(5))) {
                int equals = option.indexOf('=');
                String name = equals < 0 ? option : option.substring(0, equals);
                if (SECRET_OPTION.matcher(name).matches()) {
                    snapshot().warnings().add("option " + name + " of user mapping for " + user + " on server "
                            + rs.getString(3) + " is not included: backups never carry credentials; set it again after"
                            + " a restore");
                    continue;
                }
                options.add(q(name) + " " + literal(equals < 0 ? "" : option.substring(equals + 1)));
            }
            mapping.ddl("CREATE USER MAPPING FOR " + user + " SERVER " + q(rs.getString(3))
                    + (options.isEmpty() ? "" : " OPTIONS (" + String.join(", ", options) + ")") + ";\n");
        });
    }

    /**
     * Publications, and their tables and schemas as separate statements after them (column lists and
     * row filters from PostgreSQL 15), so a member left out by policy leaves out only its membership.
     */
    private void readPublications() throws SQLException {
        String sql = """
                SELECT p.oid, p.pubname, p.puballtables, p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate,
                       p.pubviaroot, obj_description(p.oid, 'pg_publication')
                FROM pg_publication p ORDER BY p.pubname""";
        query(sql, rs -> {
            DatabaseObject publication = graph.add(new DatabaseObject(ObjectKind.PUBLICATION, rs.getLong(1), null,
                    rs.getString(2), null));
            List<String> publish = new ArrayList<>();
            String[] actions = {"insert", "update", "delete", "truncate"};
            for (int i = 0; i < actions.length; i++) {
                if (rs.getBoolean(4 + i)) {
                    publish.add(actions[i]);
                }
            }
            publication.ddl("CREATE PUBLICATION " + q(publication.name()) + (rs.getBoolean(3) ? " FOR ALL TABLES" : "")
                    + " WITH (publish = " + literal(String.join(", ", publish)) + ", publish_via_partition_root = "
                    + rs.getBoolean(8) + ");\n");
            comment(publication, "PUBLICATION " + q(publication.name()), rs.getString(9));
        });
        boolean filters = version >= 150000;
        String members = """
                SELECT pr.oid, pr.prpubid, pr.prrelid, quote_ident(n.nspname) || '.' || quote_ident(c.relname), %s, %s
                FROM pg_publication_rel pr JOIN pg_class c ON c.oid = pr.prrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                ORDER BY pr.prpubid, n.nspname, c.relname""".formatted(
                filters ? "(SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY u.n) FROM unnest(pr.prattrs::int2[])"
                        + " WITH ORDINALITY AS u(attnum, n) JOIN pg_attribute a ON a.attrelid = pr.prrelid"
                        + " AND a.attnum = u.attnum)" : "NULL",
                filters ? "pg_get_expr(pr.prqual, pr.prrelid, true)" : "NULL");
        query(members, rs -> {
            DatabaseObject publication = graph.find("pg_publication", rs.getLong(2));
            DatabaseObject table = graph.find("pg_class", rs.getLong(3));
            if (publication == null || table == null) {
                return;
            }
            String sqlText = "ALTER PUBLICATION " + q(publication.name()) + " ADD TABLE ONLY " + rs.getString(4)
                    + (rs.getString(5) == null ? "" : " (" + rs.getString(5) + ")")
                    + (rs.getString(6) == null ? "" : " WHERE (" + rs.getString(6) + ")") + ";\n";
            graph.post(publication, new PostStatement("publication_member", table.qualifiedName(), sqlText,
                    "pg_publication_rel", rs.getLong(1)).references(table.key()));
        });
        if (filters) {
            query("""
                    SELECT pn.oid, pn.pnpubid, n.nspname FROM pg_publication_namespace pn
                    JOIN pg_namespace n ON n.oid = pn.pnnspid ORDER BY pn.pnpubid, n.nspname""", rs -> {
                DatabaseObject publication = graph.find("pg_publication", rs.getLong(2));
                if (publication != null && !isInternalSchema(rs.getString(3))) {
                    graph.post(publication, new PostStatement("publication_member", rs.getString(3),
                            "ALTER PUBLICATION " + q(publication.name()) + " ADD TABLES IN SCHEMA " + q(rs.getString(3))
                                    + ";\n", "pg_publication_namespace", rs.getLong(1)));
                }
            });
        }
    }

    private void readEventTriggers() throws SQLException {
        String sql = """
                SELECT e.oid, e.evtname, e.evtevent, quote_ident(n.nspname) || '.' || quote_ident(p.proname),
                       e.evtenabled, array(SELECT quote_literal(t) FROM unnest(e.evttags) t),
                       obj_description(e.oid, 'pg_event_trigger')
                FROM pg_event_trigger e JOIN pg_proc p ON p.oid = e.evtfoid JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE %s ORDER BY e.evtname""".formatted(NOT_EXTENSION_MEMBER.formatted("pg_event_trigger", "e.oid"));
        query(sql, rs -> {
            DatabaseObject trigger = graph.add(new DatabaseObject(ObjectKind.EVENT_TRIGGER, rs.getLong(1), null,
                    rs.getString(2), null));
            List<String> tags = strings(rs.getArray(6));
            StringBuilder ddl = new StringBuilder("CREATE EVENT TRIGGER ").append(q(trigger.name())).append(" ON ")
                    .append(q(rs.getString(3)));
            if (!tags.isEmpty()) {
                ddl.append("\n    WHEN TAG IN (").append(String.join(", ", tags)).append(')');
            }
            ddl.append("\n    EXECUTE FUNCTION ").append(rs.getString(4)).append("();\n");
            String alter = "ALTER EVENT TRIGGER " + q(trigger.name());
            switch (rs.getString(5)) {
                case "D" -> ddl.append(alter).append(" DISABLE;\n");
                case "R" -> ddl.append(alter).append(" ENABLE REPLICA;\n");
                case "A" -> ddl.append(alter).append(" ENABLE ALWAYS;\n");
                default -> {
                    // 'O': enabled, the default
                }
            }
            trigger.ddl(ddl.toString());
            trigger.enabledState(rs.getString(5));
            comment(trigger, "EVENT TRIGGER " + q(trigger.name()), rs.getString(7));
        });
    }

    /** Large objects and their sizes (their bytes are read in chunks when the backup is written). */
    private void readLargeObjects() throws SQLException {
        String sql = """
                SELECT m.oid, lo_lseek64(lo_open(m.oid, 262144), 0, 2), obj_description(m.oid, 'pg_largeobject')
                FROM pg_largeobject_metadata m ORDER BY m.oid""";
        query(sql, rs -> snapshot().largeObjects().add(new ObjectSnapshot.LargeObject(rs.getLong(1), rs.getLong(2),
                rs.getString(3), null, new ArrayList<>())));
    }

    /**
     * Security labels of the objects the backup carries, as SECURITY LABEL statements after them
     * (pg_seclabels already names each object the way SQL does).
     */
    void readSecurityLabels() throws SQLException {
        String sql = """
                SELECT l.classoid::regclass::text, l.objoid, l.objtype, l.objname, l.provider, l.label
                FROM pg_seclabels l
                WHERE l.objtype NOT IN ('role', 'database', 'tablespace') AND l.objoid >= %d
                ORDER BY l.objtype, l.objname""".formatted(FIRST_NORMAL_OID);
        query(sql, rs -> {
            DatabaseObject object = graph.find(rs.getString(1), rs.getLong(2));
            if (object != null) {
                graph.post(object, new PostStatement("security_label", rs.getString(4), "SECURITY LABEL FOR "
                        + q(rs.getString(5)) + " ON " + rs.getString(3).toUpperCase(Locale.ROOT) + " " + rs.getString(4)
                        + " IS " + literal(rs.getString(6)) + ";\n", null, 0));
            }
        });
    }
}
