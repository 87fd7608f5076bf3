package com.dbadmin.guard;

import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.sql.catalog.TableInfo;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Says at start-up whether the database itself enforces the table policy: which role tools run as
 * (DB_ADMIN_TOOL_ROLE, or the login role), whether it is a superuser (which bypasses every privilege),
 * and whether it can read any table the policy hides. With DB_ADMIN_STRICT_PRIVILEGES=true either
 * finding stops start-up; a tool role the login role cannot assume always does, since every call would
 * fail.
 */
@Context
class DatabasePrivilegeCheck {
    private static final Logger LOG = LoggerFactory.getLogger(DatabasePrivilegeCheck.class);
    private static final String LOGIN_SQL = "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user";
    private static final String TOOL_ROLE_SQL = """
            SELECT rolsuper, pg_has_role(session_user, oid, 'MEMBER') FROM pg_roles WHERE rolname = ?""";
    private static final String READABLE_SQL = """
            SELECT c.oid FROM pg_class c WHERE c.oid = ANY(?) AND has_any_column_privilege(?, c.oid, 'SELECT')""";

    private final DataSource dataSource;
    private final CatalogCache catalog;
    private final TablePolicy policy;
    private final PrivilegeSettings settings;

    DatabasePrivilegeCheck(DataSource dataSource, CatalogCache catalog, TablePolicy policy, PrivilegeSettings settings) {
        this.dataSource = dataSource;
        this.catalog = catalog;
        this.policy = policy;
        this.settings = settings;
    }

    /** A tool role every call would fail to assume: start-up stops whatever the strictness. */
    static final class UnusableToolRole extends IllegalStateException {
        UnusableToolRole(String message) {
            super(message);
        }
    }

    /** What the check found. */
    record Findings(String role, boolean superuser, List<String> readableHidden) {
        boolean enforcedByDatabase() {
            return !superuser && readableHidden.isEmpty();
        }
    }

    @PostConstruct
    void check() {
        Findings findings;
        try {
            findings = inspect();
        } catch (UnusableToolRole e) {
            throw e;
        } catch (SQLException | RuntimeException e) {
            String message = "Could not check the database privileges tools run with (" + e.getMessage() + ")";
            if (settings.strict()) {
                throw new IllegalStateException(message + "; DB_ADMIN_STRICT_PRIVILEGES=true needs the check to pass.", e);
            }
            LOG.warn("{}; checking again needs a restart.", message);
            return;
        }
        if (findings.enforcedByDatabase()) {
            LOG.info("Database privileges: tools run as role '{}', not a superuser, and it can read none of the tables"
                    + " the server policy hides.", findings.role());
            return;
        }
        String problem = findings.superuser()
                ? "tools run as role '" + findings.role() + "', a superuser: the database enforces no privilege for them"
                : "tools run as role '" + findings.role() + "', which can read tables the server policy hides: "
                + String.join(", ", findings.readableHidden());
        if (settings.strict()) {
            throw new IllegalStateException("Refusing to start (DB_ADMIN_STRICT_PRIVILEGES=true): " + problem
                    + ". Set DB_ADMIN_TOOL_ROLE to a role granted nothing on those tables (docs/security.md).");
        }
        LOG.warn("Database privileges: {}. The server's policy is then the only wall; set DB_ADMIN_TOOL_ROLE to a role"
                + " granted nothing on restricted tables (docs/security.md), and DB_ADMIN_STRICT_PRIVILEGES=true to"
                + " refuse starting otherwise.", problem);
    }

    Findings inspect() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            String role;
            boolean superuser;
            try (PreparedStatement statement = connection.prepareStatement(LOGIN_SQL); ResultSet rs = statement.executeQuery()) {
                rs.next();
                role = rs.getString(1);
                superuser = rs.getBoolean(2);
            }
            if (settings.toolRole() != null) {
                role = settings.toolRole();
                try (PreparedStatement statement = connection.prepareStatement(TOOL_ROLE_SQL)) {
                    statement.setString(1, role);
                    try (ResultSet rs = statement.executeQuery()) {
                        if (!rs.next()) {
                            throw new UnusableToolRole("DB_ADMIN_TOOL_ROLE names role '" + role
                                    + "', which does not exist in the database");
                        }
                        if (!rs.getBoolean(2)) {
                            throw new UnusableToolRole("DB_ADMIN_TOOL_ROLE is '" + role + "', but the login role is"
                                    + " not a member of it (GRANT " + role + " TO <login role>)");
                        }
                        superuser = rs.getBoolean(1);
                    }
                }
            }
            return new Findings(role, superuser, readableHidden(connection, role));
        }
    }

    /** Hidden relations (restricted, derived, and the server's own schema when tools have a role of their own). */
    private List<String> readableHidden(Connection connection, String role) throws SQLException {
        List<TableInfo> hidden = new ArrayList<>();
        for (TableInfo table : catalog.current().tables()) {
            boolean internal = table.schema().equals(TablePolicy.INTERNAL_SCHEMA);
            if (internal ? settings.toolRole() != null : !policy.isVisible(table)) {
                hidden.add(table);
            }
        }
        List<String> readable = new ArrayList<>();
        if (hidden.isEmpty()) {
            return readable;
        }
        try (PreparedStatement statement = connection.prepareStatement(READABLE_SQL)) {
            statement.setArray(1, connection.createArrayOf("oid", hidden.stream().map(TableInfo::oid).toArray()));
            statement.setString(2, role);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long oid = rs.getLong(1);
                    hidden.stream().filter(table -> table.oid() == oid).findFirst()
                            .ifPresent(table -> readable.add(table.qualifiedName()));
                }
            }
        }
        readable.sort(null);
        return readable;
    }
}
