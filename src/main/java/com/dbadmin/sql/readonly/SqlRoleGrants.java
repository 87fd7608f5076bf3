package com.dbadmin.sql.readonly;

import com.dbadmin.sql.catalog.Identifiers;
import org.postgresql.PGConnection;

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
 * Creates and maintains a SQL role the server manages itself (the embedded database, or on request): a
 * login that may read every relation the policy shows and nothing else. Run from the server's own connection,
 * which needs CREATEROLE (or is the embedded superuser).
 */
public final class SqlRoleGrants {
    private static final String UNGRANTED = """
            SELECT c.oid, n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
              AND NOT has_table_privilege(?, c.oid, 'SELECT')
            """;

    private static final String PUBLIC_EXECUTABLE = """
            SELECT p.oid::regprocedure::text FROM pg_proc p
            WHERE p.proname = ANY(?) AND p.pronamespace = 'pg_catalog'::regnamespace
              AND has_function_privilege('public', p.oid, 'EXECUTE')
            """;

    private static final String SCHEMAS_WITHOUT_USAGE = """
            SELECT DISTINCT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.oid::bigint = ANY(?) AND NOT has_schema_privilege(?, n.oid, 'USAGE')
            """;

    private static final String GRANTED_HIDDEN = """
            SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.oid::bigint = ANY(?) AND has_any_column_privilege(?, c.oid, 'SELECT')
            """;

    private static final String RELATIONS_FINGERPRINT = """
            SELECT count(*) || ':' || coalesce(max(oid::bigint), 0) FROM pg_class WHERE relkind IN ('r', 'p', 'v', 'm', 'f')
            """;

    private SqlRoleGrants() {
    }

    /**
     * Changes when relations are created or dropped: a sync is worth running after a permission error only if this
     * differs from the last sync's (the periodic check catches everything else).
     */
    public static String relationsFingerprint(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(RELATIONS_FINGERPRINT);
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** What one synchronisation changed. */
    public record Changes(int granted, int revoked) {
    }

    /**
     * Creates {@code role} if it does not exist, as a login with no other attribute, and sets its password.
     * Safe to run from several servers at once.
     */
    public static void ensureRole(Connection connection, String role, String password)
            throws SQLException {
        String quoted = Identifiers.quote(role);
        try (Statement statement = connection.createStatement()) {
            statement.execute("DO $$ BEGIN CREATE ROLE " + quoted + "; EXCEPTION WHEN duplicate_object OR unique_violation"
                    + " THEN NULL; END $$");
            // New roles are NOSUPERUSER NOREPLICATION NOBYPASSRLS already; naming those needs a superuser.
            statement.execute("ALTER ROLE " + quoted + " LOGIN NOINHERIT NOCREATEDB NOCREATEROLE");
        }
        // pgjdbc hashes the password (SCRAM) before sending it, so it never appears in the server's statement log.
        connection.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
    }

    /**
     * Takes EXECUTE on the given system functions away from PUBLIC: for the embedded database, which is the
     * server's own (RolePrivileges.NON_TRANSACTIONAL_FUNCTIONS). Elsewhere the operator decides; the check warns.
     *
     * @return how many functions were revoked
     */
    public static int revokeFromPublic(Connection connection, List<String> functionNames) throws SQLException {
        List<String> signatures = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(PUBLIC_EXECUTABLE)) {
            statement.setArray(1, connection.createArrayOf("text", functionNames.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    signatures.add(rs.getString(1));
                }
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (String signature : signatures) {
                // regprocedure text is already a quoted, schema-qualified signature.
                statement.execute("REVOKE EXECUTE ON FUNCTION " + signature + " FROM PUBLIC");
            }
        }
        return signatures.size();
    }

    /**
     * Grants SELECT on every user relation not in {@code hidden} (and USAGE on its schema), and revokes every
     * privilege on the hidden ones, so the role follows the policy as tables come and go.
     */
    public static Changes sync(Connection connection, String role, Set<Long> hidden) throws SQLException {
        List<Long> grantOids = new ArrayList<>();
        List<String> grantNames = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(UNGRANTED)) {
            statement.setString(1, role);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (!hidden.contains(rs.getLong(1))) {
                        grantOids.add(rs.getLong(1));
                        grantNames.add(Identifiers.qualified(rs.getString(2), rs.getString(3)));
                    }
                }
            }
        }
        Set<String> schemas = new LinkedHashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(SCHEMAS_WITHOUT_USAGE)) {
            statement.setArray(1, connection.createArrayOf("bigint", grantOids.toArray()));
            statement.setString(2, role);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    schemas.add(Identifiers.quote(rs.getString(1)));
                }
            }
        }
        List<String> revokeNames = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(GRANTED_HIDDEN)) {
            statement.setArray(1, connection.createArrayOf("bigint", hidden.toArray()));
            statement.setString(2, role);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    revokeNames.add(Identifiers.qualified(rs.getString(1), rs.getString(2)));
                }
            }
        }
        String quotedRole = Identifiers.quote(role);
        try (Statement statement = connection.createStatement()) {
            if (!schemas.isEmpty()) {
                statement.execute("GRANT USAGE ON SCHEMA " + String.join(", ", schemas) + " TO " + quotedRole);
            }
            if (!grantNames.isEmpty()) {
                statement.execute("GRANT SELECT ON " + String.join(", ", grantNames) + " TO " + quotedRole);
            }
            if (!revokeNames.isEmpty()) {
                statement.execute("REVOKE ALL ON " + String.join(", ", revokeNames) + " FROM " + quotedRole);
            }
        }
        return new Changes(grantNames.size(), revokeNames.size());
    }
}
