package com.dbadmin.sql.readonly;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks, from the server's own connection, that a role is fit to run caller-written SQL: whatever it can
 * do, it cannot read a hidden relation, change anything, or become someone who can. Every role the SQL role
 * is a member of counts as the role itself, because a member may {@code SET ROLE} to it from inside a query
 * ({@code set_config('role', ...)}).
 */
public final class RolePrivileges {
    /** Predefined roles that read files, other sessions' queries or all data, or run programs, or signal backends. */
    static final List<String> DANGEROUS_PREDEFINED = List.of("pg_read_all_data", "pg_write_all_data",
            "pg_read_server_files", "pg_write_server_files", "pg_execute_server_program", "pg_read_all_stats",
            "pg_monitor", "pg_signal_backend", "pg_checkpoint");

    /**
     * Functions PUBLIC may execute on a stock PostgreSQL whose effect survives the rollback: a WAL message
     * logical decoding consumers see, as large as the caller likes.
     */
    public static final List<String> NON_TRANSACTIONAL_FUNCTIONS = List.of("pg_logical_emit_message");

    private static final String EXECUTABLE_SYSTEM_FUNCTIONS = """
            SELECT p.oid::regprocedure::text FROM pg_proc p, pg_roles r
            WHERE p.proname = ANY(?) AND p.pronamespace = 'pg_catalog'::regnamespace
              AND r.rolname = ? AND has_function_privilege(r.oid, p.oid, 'EXECUTE')
            ORDER BY 1
            """;

    private static final int MAX_REPORTED = 8;

    private static final String ROLES = """
            WITH target AS (SELECT oid FROM pg_roles WHERE rolname = ?)
            SELECT r.oid, r.rolname, r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolreplication, r.rolcreatedb
            FROM pg_roles r, target WHERE pg_has_role(target.oid, r.oid, 'MEMBER')
            """;

    private static final String READABLE_HIDDEN = """
            SELECT r.rolname, n.nspname || '.' || c.relname
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, pg_roles r
            WHERE c.oid::bigint = ANY(?) AND r.oid::bigint = ANY(?) AND has_any_column_privilege(r.oid, c.oid, 'SELECT')
            ORDER BY 2 LIMIT 20
            """;

    private static final String WRITABLE = """
            SELECT r.rolname, n.nspname || '.' || c.relname
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, pg_roles r
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND r.oid::bigint = ANY(?)
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
              AND (has_table_privilege(r.oid, c.oid, 'INSERT') OR has_table_privilege(r.oid, c.oid, 'UPDATE')
                   OR has_table_privilege(r.oid, c.oid, 'DELETE') OR has_table_privilege(r.oid, c.oid, 'TRUNCATE')
                   OR has_any_column_privilege(r.oid, c.oid, 'UPDATE') OR has_any_column_privilege(r.oid, c.oid, 'INSERT'))
            ORDER BY 2 LIMIT 20
            """;

    private static final String OWNED = """
            SELECT 'relation ' || c.relname FROM pg_class c WHERE c.relowner::bigint = ANY(?)
            UNION ALL SELECT 'schema ' || n.nspname FROM pg_namespace n WHERE n.nspowner::bigint = ANY(?)
            UNION ALL SELECT 'function ' || p.proname FROM pg_proc p WHERE p.proowner::bigint = ANY(?)
            LIMIT 20
            """;

    /** SECURITY DEFINER functions outside the system schemas the role may execute: they run as their owner. */
    private static final String DEFINER_FUNCTIONS = """
            SELECT n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace, pg_roles r
            WHERE p.prosecdef AND r.rolname = ? AND has_function_privilege(r.oid, p.oid, 'EXECUTE')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            ORDER BY 1 LIMIT 20
            """;

    private RolePrivileges() {
    }

    /**
     * @param problems reasons the role must not run caller SQL (empty: fit)
     * @param warnings things an operator should look at that do not disable the tool
     */
    public record Verdict(List<String> problems, List<String> warnings) {
        public boolean fit() {
            return problems.isEmpty();
        }
    }

    public static Verdict check(Connection connection, String role, Set<Long> hiddenRelations) throws SQLException {
        List<String> problems = new ArrayList<>();
        List<Long> roles = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(ROLES)) {
            statement.setString(1, role);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    roles.add(rs.getLong("oid"));
                    String name = rs.getString("rolname");
                    String via = name.equals(role) ? "" : " (through membership of " + name + ")";
                    attribute(problems, rs.getBoolean("rolsuper"), role + " is a superuser" + via);
                    attribute(problems, rs.getBoolean("rolbypassrls"), role + " bypasses row-level security" + via);
                    attribute(problems, rs.getBoolean("rolcreaterole"), role + " may create roles" + via);
                    attribute(problems, rs.getBoolean("rolreplication"), role + " may replicate" + via);
                    if (DANGEROUS_PREDEFINED.contains(name)) {
                        problems.add(role + " is a member of " + name);
                    }
                }
            }
        }
        if (roles.isEmpty()) {
            return new Verdict(List.of("role " + role + " does not exist"), List.of());
        }
        if (problems.stream().anyMatch(problem -> problem.contains(" is a superuser"))) {
            // A superuser can do everything; listing each consequence would only bury the cause.
            return new Verdict(problems.stream().filter(problem -> problem.contains(" is a superuser")).toList(), List.of());
        }
        Long[] roleOids = roles.toArray(Long[]::new);
        for (String[] row : pairs(connection, READABLE_HIDDEN, hiddenRelations.toArray(Long[]::new), roleOids)) {
            problems.add(row[0] + " can read " + row[1] + ", which the server's policy hides");
        }
        for (String[] row : pairs(connection, WRITABLE, roleOids)) {
            problems.add(row[0] + " can change " + row[1] + "; the SQL role must only read");
        }
        for (String owned : column(connection, OWNED, roleOids, roleOids, roleOids)) {
            problems.add(role + " (or a role it belongs to) owns " + owned + "; an owner bypasses grants");
        }
        List<String> warnings = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(DEFINER_FUNCTIONS)) {
            statement.setString(1, role);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    warnings.add("SECURITY DEFINER function " + rs.getString(1) + " runs with its owner's privileges"
                            + " for the SQL role; revoke EXECUTE from the role (or PUBLIC) if it reads hidden tables");
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(EXECUTABLE_SYSTEM_FUNCTIONS)) {
            statement.setArray(1, connection.createArrayOf("text", NON_TRANSACTIONAL_FUNCTIONS.toArray()));
            statement.setString(2, role);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    warnings.add(rs.getString(1) + " is executable by the SQL role (PUBLIC may, by default): it writes"
                            + " WAL messages that outlive the rollback; REVOKE EXECUTE ON FUNCTION " + rs.getString(1)
                            + " FROM PUBLIC");
                }
            }
        }
        return new Verdict(bounded(problems), List.copyOf(warnings));
    }

    /** The first problems and how many more: enough to act on, short enough for a log line and an error. */
    private static List<String> bounded(List<String> problems) {
        if (problems.size() <= MAX_REPORTED) {
            return List.copyOf(problems);
        }
        List<String> first = new ArrayList<>(problems.subList(0, MAX_REPORTED));
        first.add("and " + (problems.size() - MAX_REPORTED) + " more");
        return List.copyOf(first);
    }

    private static void attribute(List<String> problems, boolean present, String problem) {
        if (present) {
            problems.add(problem);
        }
    }

    private static List<String[]> pairs(Connection connection, String sql, Object[]... arrays) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection, sql, arrays); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows.add(new String[]{rs.getString(1), rs.getString(2)});
            }
        }
        return rows;
    }

    private static List<String> column(Connection connection, String sql, Object[]... arrays) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection, sql, arrays); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object[]... arrays) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < arrays.length; i++) {
            Array array = connection.createArrayOf("bigint", arrays[i]);
            statement.setArray(i + 1, array);
        }
        return statement;
    }
}
