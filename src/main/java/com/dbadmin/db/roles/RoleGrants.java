package com.dbadmin.db.roles;

import com.dbadmin.guard.TablePolicy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Grants a function's login role exactly what its {@link GroupRole} allows on the tables that exist now, after
 * revoking what it had, so a table that became restricted or read-only loses its grants at the next run. No
 * default privileges: a table created later is reachable only after the next bootstrap, which is the safe
 * direction (a default grant would also cover a new restricted table).
 */
public final class RoleGrants {
    /** Tables, partitioned tables, views, materialized views and foreign tables, with their kind. */
    private static final String RELATIONS = """
            SELECT n.nspname, c.relname, c.relkind
              FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
               AND n.nspname NOT IN ('pg_catalog', 'information_schema', ?)
               AND n.nspname NOT LIKE 'pg\\_%'
             ORDER BY 1, 2
            """;
    /** Sequences with the table that owns them (serial or identity), if any. */
    private static final String SEQUENCES = """
            SELECT n.nspname, s.relname, tn.nspname, t.relname
              FROM pg_catalog.pg_class s
              JOIN pg_catalog.pg_namespace n ON n.oid = s.relnamespace
              LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = s.oid
                   AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')
              LEFT JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
              LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
             WHERE s.relkind = 'S'
               AND n.nspname NOT IN ('pg_catalog', 'information_schema', ?)
               AND n.nspname NOT LIKE 'pg\\_%'
             ORDER BY 1, 2
            """;
    private static final String SCHEMAS = """
            SELECT nspname FROM pg_catalog.pg_namespace
             WHERE nspname NOT IN ('pg_catalog', 'information_schema', ?) AND nspname NOT LIKE 'pg\\_%'
            """;

    private final TablePolicy policy;

    public RoleGrants(TablePolicy policy) {
        this.policy = policy;
    }

    /** Revokes and grants in the connection's transaction; returns the statements it ran (for the report). */
    public List<String> apply(Connection connection, String role, GroupRole kind) throws SQLException {
        String grantee = LoginRoles.quote(role);
        List<String> statements = new ArrayList<>();
        statements.add("GRANT CONNECT ON DATABASE " + LoginRoles.quote(currentDatabase(connection)) + " TO " + grantee);
        for (String schema : strings(connection, SCHEMAS)) {
            String quoted = LoginRoles.quote(schema);
            statements.add("REVOKE ALL ON ALL TABLES IN SCHEMA " + quoted + " FROM " + grantee);
            statements.add("REVOKE ALL ON ALL SEQUENCES IN SCHEMA " + quoted + " FROM " + grantee);
            statements.add("GRANT USAGE ON SCHEMA " + quoted + " TO " + grantee);
        }
        String audit = LoginRoles.quote(TablePolicy.INTERNAL_SCHEMA) + ".audit_log";
        statements.add("REVOKE ALL ON ALL TABLES IN SCHEMA " + LoginRoles.quote(TablePolicy.INTERNAL_SCHEMA) + " FROM " + grantee);
        statements.add("GRANT USAGE ON SCHEMA " + LoginRoles.quote(TablePolicy.INTERNAL_SCHEMA) + " TO " + grantee);
        statements.add("GRANT INSERT ON " + audit + " TO " + grantee);
        if (kind.has(GroupRole.Privilege.READ_AUDIT) || kind.has(GroupRole.Privilege.PURGE_AUDIT)) {
            statements.add("GRANT SELECT ON " + audit + " TO " + grantee);
        }
        if (kind.has(GroupRole.Privilege.PURGE_AUDIT)) {
            statements.add("GRANT DELETE ON " + audit + " TO " + grantee);
        }
        Set<String> writable = new LinkedHashSet<>();
        for (String[] relation : rows(connection, RELATIONS, 3)) {
            String schema = relation[0];
            String name = relation[1];
            if (!policy.isVisible(schema, name)) {
                continue;
            }
            String table = LoginRoles.quote(schema) + "." + LoginRoles.quote(name);
            if (kind.has(GroupRole.Privilege.READ_TABLES)) {
                statements.add("GRANT SELECT ON " + table + " TO " + grantee);
            }
            boolean isTable = relation[2].equals("r") || relation[2].equals("p");
            if (isTable && kind.has(GroupRole.Privilege.WRITE_TABLES) && !policy.isReadOnly(schema, name)) {
                writable.add(schema + "." + name);
                statements.add("GRANT INSERT, UPDATE, DELETE" + (kind.has(GroupRole.Privilege.RESTORE_TABLES)
                        ? ", TRUNCATE" : "") + " ON " + table + " TO " + grantee);
            }
        }
        for (String[] sequence : rows(connection, SEQUENCES, 4)) {
            boolean owned = sequence[2] != null;
            if (owned ? !policy.isVisible(sequence[2], sequence[3]) : !policy.isVisible(sequence[0], sequence[1])) {
                continue;
            }
            String quoted = LoginRoles.quote(sequence[0]) + "." + LoginRoles.quote(sequence[1]);
            List<String> privileges = new ArrayList<>();
            if (kind.has(GroupRole.Privilege.READ_TABLES)) {
                privileges.add("SELECT");
            }
            boolean ownerWritable = !owned || writable.contains(sequence[2] + "." + sequence[3]);
            if (kind.has(GroupRole.Privilege.WRITE_TABLES) && ownerWritable) {
                privileges.add("USAGE");
            }
            if (kind.has(GroupRole.Privilege.RESTORE_TABLES) && ownerWritable) {
                privileges.add("UPDATE");
            }
            if (!privileges.isEmpty()) {
                statements.add("GRANT " + String.join(", ", privileges) + " ON SEQUENCE " + quoted + " TO " + grantee);
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
        return statements;
    }

    private static String currentDatabase(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        for (String[] row : rows(connection, sql, 1)) {
            values.add(row[0]);
        }
        return values;
    }

    private static List<String[]> rows(Connection connection, String sql, int columns) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, TablePolicy.INTERNAL_SCHEMA);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String[] row = new String[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = rs.getString(i + 1);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
