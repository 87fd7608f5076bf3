package com.dbadmin.backup.dump;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Owners and grants, read only when a backup is asked to carry them (include_privileges): for every
 * carried object an {@code ALTER … OWNER TO} and, when its ACL is not the default, statements that give
 * it exactly that ACL (revoke the defaults, then grant in the ACL's order, so the restored ACL equals
 * the original item for item); column grants; default privileges. Roles themselves belong to the
 * cluster, not the database: they must exist where the backup is restored.
 */
final class PrivilegeReader extends CatalogReader {
    /** grantee (PUBLIC for 0), privilege, grantable, in the ACL's order. */
    private static final String EXPLODE = """
            array(SELECT CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(x.grantee)) END
                         || '|' || x.privilege_type || '|' || x.is_grantable
                  FROM aclexplode(%s) WITH ORDINALITY AS x(grantor, grantee, privilege_type, is_grantable, n) ORDER BY x.n)""";

    PrivilegeReader(Connection connection, CatalogGraph graph) {
        super(connection, graph);
    }

    void read() throws SQLException {
        String none = "NULL::aclitem[]";
        objects("pg_class", "c.relowner", "c.relacl", "NULL");
        objects("pg_type", "c.typowner", "c.typacl", "NULL");
        objects("pg_proc", "c.proowner", "c.proacl", "pg_get_function_identity_arguments(c.oid)");
        objects("pg_collation", "c.collowner", none, "NULL");
        objects("pg_ts_dict", "c.dictowner", none, "NULL");
        objects("pg_ts_config", "c.cfgowner", none, "NULL");
        objects("pg_foreign_data_wrapper", "c.fdwowner", "c.fdwacl", "NULL");
        objects("pg_foreign_server", "c.srvowner", "c.srvacl", "NULL");
        objects("pg_publication", "c.pubowner", none, "NULL");
        objects("pg_event_trigger", "c.evtowner", none, "NULL");
        columns();
        statistics();
        schemas();
        largeObjects();
        defaults();
    }

    private void objects(String catalog, String owner, String acl, String arguments) throws SQLException {
        String sql = "SELECT c.oid, quote_ident(pg_get_userbyid(" + owner + ")), " + EXPLODE.formatted(acl) + ", " + acl
                + " IS NULL, " + arguments + " FROM " + catalog + " c WHERE c.oid >= " + FIRST_NORMAL_OID;
        query(sql, rs -> {
            DatabaseObject object = graph.find(catalog, rs.getLong(1));
            // Only the object's own row: not a second row it is also known by (a multirange, a row type).
            if (object == null || object.kind() == ObjectKind.NOT_CARRIED || object.oid() != rs.getLong(1)) {
                return;
            }
            // A composite type's pg_class row, an owned or identity sequence: they follow their owner.
            if ((catalog.equals("pg_class") && object.kind() == ObjectKind.COMPOSITE)
                    || (object.kind() == ObjectKind.SEQUENCE && object.ownerTable() != null)) {
                return;
            }
            String target = target(object, rs);
            object.ownerRole(rs.getString(2));
            graph.post(object, new PostStatement("owner", object.name(), "ALTER " + alterName(object) + " " + target
                    + " OWNER TO " + rs.getString(2) + ";\n", null, 0));
            if (!rs.getBoolean(4)) {
                String named = object.kind() == ObjectKind.AGGREGATE ? object.signature() : target;
                graph.post(object, new PostStatement("acl", object.name(),
                        grants(grantTarget(object) + " " + named, rs.getString(2), strings(rs.getArray(3)), true), null, 0));
            }
        });
    }

    private void columns() throws SQLException {
        String sql = """
                SELECT a.attrelid, quote_ident(a.attname), %s
                FROM pg_attribute a WHERE a.attacl IS NOT NULL AND a.attrelid >= %d AND NOT a.attisdropped
                ORDER BY a.attrelid, a.attnum""".formatted(EXPLODE.formatted("a.attacl"), FIRST_NORMAL_OID);
        query(sql, rs -> {
            DatabaseObject table = graph.find("pg_class", rs.getLong(1));
            if (table == null || !table.kind().isRelation()) {
                return;
            }
            StringBuilder grants = new StringBuilder();
            for (Map.Entry<String, List<String[]>> grantee : byGrantee(strings(rs.getArray(3))).entrySet()) {
                for (boolean grantable : new boolean[]{false, true}) {
                    List<String> privileges = new ArrayList<>();
                    for (String[] item : grantee.getValue()) {
                        if (Boolean.parseBoolean(item[2]) == grantable) {
                            privileges.add(item[1] + " (" + rs.getString(2) + ")");
                        }
                    }
                    if (!privileges.isEmpty()) {
                        grants.append("GRANT ").append(String.join(", ", privileges)).append(" ON TABLE ")
                                .append(q(table.name())).append(" TO ").append(grantee.getKey())
                                .append(grantable ? " WITH GRANT OPTION" : "").append(";\n");
                    }
                }
            }
            graph.post(table, new PostStatement("acl", table.name(), grants.toString(), null, 0));
        });
    }

    /** Statistics objects are post-data statements of their table; their owner follows them. */
    private void statistics() throws SQLException {
        query("SELECT s.oid, s.stxrelid, quote_ident(pg_get_userbyid(s.stxowner)), quote_ident(s.stxname),"
                + " s.stxnamespace = c.relnamespace, quote_ident(n.nspname) || '.' || quote_ident(s.stxname)"
                + " FROM pg_statistic_ext s JOIN pg_class c ON c.oid = s.stxrelid"
                + " JOIN pg_namespace n ON n.oid = s.stxnamespace", rs -> {
            PostStatement statistics = graph.findPost("pg_statistic_ext", rs.getLong(1));
            DatabaseObject table = statistics == null ? null : graph.ownerOf(statistics);
            if (table != null) {
                graph.post(table, new PostStatement("owner", rs.getString(4), "ALTER STATISTICS "
                        + (rs.getBoolean(5) ? rs.getString(4) : rs.getString(6)) + " OWNER TO " + rs.getString(3) + ";\n",
                        null, 0));
            }
        });
    }

    private void schemas() throws SQLException {
        Map<String, ObjectSnapshot.SchemaInfo> byName = new LinkedHashMap<>();
        snapshot().schemas().forEach(s -> byName.put(s.name(), s));
        snapshot().schemas().clear();
        query("SELECT n.nspname, quote_ident(pg_get_userbyid(n.nspowner)), " + EXPLODE.formatted("n.nspacl")
                + ", n.nspacl IS NULL FROM pg_namespace n ORDER BY n.nspname", rs -> {
            ObjectSnapshot.SchemaInfo schema = byName.get(rs.getString(1));
            if (schema == null) {
                return;
            }
            List<String> statements = new ArrayList<>();
            statements.add("ALTER SCHEMA " + q(schema.name()) + " OWNER TO " + rs.getString(2) + ";\n");
            if (!rs.getBoolean(4)) {
                statements.add(grants("SCHEMA " + q(schema.name()), rs.getString(2), strings(rs.getArray(3)), true));
            }
            byName.put(schema.name(), new ObjectSnapshot.SchemaInfo(schema.name(), schema.comment(), rs.getString(2),
                    statements));
        });
        snapshot().schemas().addAll(byName.values());
    }

    private void largeObjects() throws SQLException {
        Map<Long, ObjectSnapshot.LargeObject> byOid = new LinkedHashMap<>();
        snapshot().largeObjects().forEach(l -> byOid.put(l.oid(), l));
        query("SELECT m.oid, quote_ident(pg_get_userbyid(m.lomowner)), " + EXPLODE.formatted("m.lomacl")
                + ", m.lomacl IS NULL FROM pg_largeobject_metadata m", rs -> {
            ObjectSnapshot.LargeObject object = byOid.get(rs.getLong(1));
            if (object == null) {
                return;
            }
            List<String> statements = new ArrayList<>();
            statements.add("ALTER LARGE OBJECT " + object.oid() + " OWNER TO " + rs.getString(2) + ";\n");
            if (!rs.getBoolean(4)) {
                statements.add(grants("LARGE OBJECT " + object.oid(), rs.getString(2), strings(rs.getArray(3)), true));
            }
            byOid.put(object.oid(), new ObjectSnapshot.LargeObject(object.oid(), object.size(), object.comment(),
                    rs.getString(2), statements));
        });
        snapshot().largeObjects().clear();
        snapshot().largeObjects().addAll(byOid.values());
    }

    /**
     * ALTER DEFAULT PRIVILEGES. A database-wide entry replaces the built-in defaults for its kind, so those
     * are revoked first; a schema's entry adds to them.
     */
    private void defaults() throws SQLException {
        String sql = """
                SELECT quote_ident(pg_get_userbyid(d.defaclrole)), d.defaclnamespace <> 0,
                       (SELECT quote_ident(nspname) FROM pg_namespace WHERE oid = d.defaclnamespace), d.defaclobjtype,
                       %s
                FROM pg_default_acl d ORDER BY 1, 3, 4""".formatted(EXPLODE.formatted("d.defaclacl"));
        Map<String, String> kinds = Map.of("r", "TABLES", "S", "SEQUENCES", "f", "FUNCTIONS", "T", "TYPES", "n", "SCHEMAS");
        query(sql, rs -> {
            String prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + rs.getString(1)
                    + (rs.getBoolean(2) ? " IN SCHEMA " + rs.getString(3) : "") + " ";
            String kind = kinds.get(rs.getString(4));
            StringBuilder statements = new StringBuilder();
            if (!rs.getBoolean(2)) {
                statements.append(prefix).append("REVOKE ALL ON ").append(kind).append(" FROM PUBLIC;\n");
                statements.append(prefix).append("REVOKE ALL ON ").append(kind).append(" FROM ").append(rs.getString(1))
                        .append(";\n");
            }
            for (String grant : grants(kind, null, strings(rs.getArray(5)), false).split("\n")) {
                if (!grant.isBlank()) {
                    statements.append(prefix).append(grant).append('\n');
                }
            }
            snapshot().defaultPrivileges().add(statements.toString());
        });
    }

    /**
     * Statements that give {@code target} exactly this ACL: revoke what the defaults give (PUBLIC and the
     * owner) and what each grantee of the ACL may already have (a restore over an existing schema), then
     * grant each grantee's privileges in the order the ACL lists them, so the items come out in order.
     */
    static String grants(String target, String owner, List<String> acl, boolean revokeDefaults) {
        StringBuilder sql = new StringBuilder();
        Map<String, List<String[]>> grantees = byGrantee(acl);
        if (revokeDefaults) {
            java.util.Set<String> revoked = new java.util.LinkedHashSet<>(List.of("PUBLIC", owner));
            revoked.addAll(grantees.keySet());
            for (String grantee : revoked) {
                sql.append("REVOKE ALL ON ").append(target).append(" FROM ").append(grantee).append(";\n");
            }
        }
        for (Map.Entry<String, List<String[]>> grantee : grantees.entrySet()) {
            for (boolean grantable : new boolean[]{false, true}) {
                List<String> privileges = new ArrayList<>();
                for (String[] item : grantee.getValue()) {
                    if (Boolean.parseBoolean(item[2]) == grantable) {
                        privileges.add(item[1]);
                    }
                }
                if (!privileges.isEmpty()) {
                    sql.append("GRANT ").append(String.join(", ", privileges)).append(" ON ").append(target)
                            .append(" TO ").append(grantee.getKey()).append(grantable ? " WITH GRANT OPTION" : "")
                            .append(";\n");
                }
            }
        }
        return sql.toString();
    }

    private static Map<String, List<String[]>> byGrantee(List<String> acl) {
        Map<String, List<String[]>> byGrantee = new LinkedHashMap<>();
        for (String item : acl) {
            String[] parts = item.split("\\|");
            byGrantee.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts);
        }
        return byGrantee;
    }

    /** How the object is named in ALTER … OWNER TO and GRANT … ON. */
    private static String target(DatabaseObject object, ResultSet rs) throws SQLException {
        return switch (object.kind()) {
            case FUNCTION -> object.signature();
            case AGGREGATE -> q(object.name()) + "(" + (rs.getString(5).isEmpty() ? "*" : rs.getString(5)) + ")";
            default -> q(object.name());
        };
    }

    private static String alterName(DatabaseObject object) {
        return switch (object.kind()) {
            case FUNCTION -> "ROUTINE";
            case ENUM, COMPOSITE, RANGE -> "TYPE";
            default -> object.kind().sqlName();
        };
    }

    private static String grantTarget(DatabaseObject object) {
        return switch (object.kind()) {
            case TABLE, FOREIGN_TABLE, VIEW, MATVIEW -> "TABLE";
            case FUNCTION -> "ROUTINE";
            case AGGREGATE -> "FUNCTION";
            case ENUM, COMPOSITE, RANGE -> "TYPE";
            case SERVER -> "FOREIGN SERVER";
            default -> object.kind().sqlName();
        };
    }
}
