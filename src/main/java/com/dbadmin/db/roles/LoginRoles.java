package com.dbadmin.db.roles;

import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Pattern;

/** Creates a function's login role (never a superuser, owner or creator of anything) and sets its password. */
public final class LoginRoles {
    /** Role names we create: plain lower-case identifiers, so they need no quoting surprises in secrets or logs. */
    private static final Pattern ROLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private LoginRoles() {
    }

    /**
     * Creates the role when missing and resets its attributes. Role-level settings make the statement timeout
     * hold on every connection of the role, whatever the pool or proxy in between does with session state.
     */
    public static void ensure(Connection connection, String role, Duration statementTimeout) throws SQLException {
        String quoted = quote(checkName(role));
        boolean exists;
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ?")) {
            statement.setString(1, role);
            try (ResultSet rs = statement.executeQuery()) {
                exists = rs.next();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute((exists ? "ALTER ROLE " : "CREATE ROLE ") + quoted
                    + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT");
            statement.execute("ALTER ROLE " + quoted + " SET statement_timeout = " + statementTimeout.toMillis());
            statement.execute("ALTER ROLE " + quoted + " SET idle_in_transaction_session_timeout = "
                    + Math.max(60_000, statementTimeout.toMillis() * 2));
        }
    }

    /**
     * Sets the password through pgjdbc, which sends only its SCRAM-SHA-256 verifier: the clear text never
     * appears in a statement the server could log.
     */
    public static void setPassword(Connection connection, String role, char[] password) throws SQLException {
        connection.unwrap(PGConnection.class).alterUserPassword(checkName(role), password, "scram-sha-256");
    }

    static String checkName(String role) {
        if (role == null || !ROLE_NAME.matcher(role).matches()) {
            throw new IllegalArgumentException("Role name '" + role + "' must be 1-63 lower-case letters, digits or"
                    + " underscores, starting with a letter or underscore.");
        }
        return role;
    }

    /** A quoted identifier; names come from the catalogue or from checked configuration, never from callers. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
