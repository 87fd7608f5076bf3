package com.dbadmin.tool.sql;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.ServedBy;
import com.dbadmin.db.DatabaseEndpoint;
import com.dbadmin.db.ReplicaPool;
import com.dbadmin.db.RolePools;
import com.dbadmin.guard.HiddenRelations;
import com.dbadmin.sql.readonly.SqlRoleGrants;
import com.dbadmin.sql.readonly.RolePrivileges;
import com.dbadmin.sql.readonly.RoleSession;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The login caller-written SQL runs as. The SQL logs in as this role rather than switching to it with
 * {@code SET ROLE}: a statement can switch back ({@code set_config('role', 'none', true)} inside a SELECT) to
 * the session's login, which for the server's own pool may read everything. Logged in as the role, the only
 * roles a statement can become are those the role belongs to, and {@link RolePrivileges} checks those too.
 *
 * <p>Checked at start-up and again every {@code recheck-interval} (a grant made later is noticed); while a check
 * fails the SQL tools refuse to run. A managed role is created by the server and its grants follow the policy.
 */
@Singleton
class SqlRole {
    private static final Logger LOG = LoggerFactory.getLogger(SqlRole.class);

    private final SqlSettings settings;
    private final DataSource serverDataSource;
    private final HiddenRelations hidden;
    private final String role;
    private final boolean managed;
    private final HikariDataSource pool;
    /** The same login on the read replica, when one is configured. */
    private final ReplicaPool replicaPool;
    private volatile String unavailable;
    private volatile long checkedAtNanos;
    private volatile boolean checked;
    /** {@link SqlRoleGrants#relationsFingerprint} at the last grant sync of a managed role. */
    private volatile String syncedRelations;
    private volatile List<String> loggedWarnings = List.of();

    SqlRole(SqlSettings settings, DatabaseEndpoint endpoint, @Named("default") DataSource serverDataSource,
            HiddenRelations hidden) {
        this.settings = settings;
        this.serverDataSource = serverDataSource;
        this.hidden = hidden;
        this.role = settings.effectiveRole(endpoint.embedded());
        this.managed = role != null && settings.manages(endpoint.embedded());
        if (role == null) {
            this.pool = null;
            this.replicaPool = null;
            this.unavailable = settings.enabled() ? "DB_ADMIN_SQL_ROLE is not set" : "DB_ADMIN_SQL_ENABLED is false";
            LOG.info("db_execute_sql is off: {} (docs/security.md, 'The SQL role')", unavailable);
            return;
        }
        String password = settings.password() != null && !settings.password().isBlank() ? settings.password()
                : managed ? randomPassword() : null;
        this.pool = RolePools.open(endpoint, role, password, settings.poolSize(), settings.maxResultBytes());
        // Roles and grants replicate with the data: the same login works on a streaming replica.
        this.replicaPool = endpoint.hasReplica() ? RolePools.openReplica(endpoint, role, password, settings.poolSize(),
                settings.maxResultBytes()) : null;
        if (managed) {
            createRole(password, endpoint.embedded());
        }
        if (unavailable == null) {
            check();
        }
        if (unavailable == null) {
            LOG.info("db_execute_sql runs as role {} ({}){}", role, managed ? "managed by the server" : "configured",
                    loggedWarnings.isEmpty() ? "" : " with warnings");
        } else {
            LOG.warn("db_execute_sql is disabled: {}", unavailable);
        }
    }

    /** Whether the start-up check passed: the SQL tools are offered only then. */
    boolean usable() {
        return unavailable == null;
    }

    String unavailableReason() {
        return unavailable;
    }

    String role() {
        return role;
    }

    /**
     * A read-only transaction as the role, after a fresh check when the last one is older than the interval: on
     * the read replica when one can serve, else on the primary.
     */
    RoleSession open(Duration statementTimeout) throws SQLException {
        if (checked
                && System.nanoTime() - checkedAtNanos > settings.recheckInterval().toNanos()) {
            check();
        }
        String reason = unavailable;
        if (reason != null) {
            throw new ToolException(ErrorCode.DB_503_UNAVAILABLE, "SQL is disabled on this server: " + reason
                    + ". The operator must fix the SQL role (docs/security.md).", java.util.Map.of());
        }
        if (replicaPool == null) {
            return RoleSession.open(pool, statementTimeout);
        }
        ReplicaPool.Borrowed borrowed = replicaPool.borrow();
        if (borrowed.connection() != null) {
            return RoleSession.begin(replicaPool.dataSource(), borrowed.connection(),
                    new ServedBy(ServedBy.REPLICA, borrowed.lagMs(), null), statementTimeout);
        }
        return RoleSession.begin(pool, pool.getConnection(), ServedBy.primary(borrowed.unavailable()), statementTimeout);
    }

    private void createRole(String password, boolean embeddedDatabase) {
        try (Connection connection = serverDataSource.getConnection()) {
            SqlRoleGrants.ensureRole(connection, role, password);
            if (embeddedDatabase) {
                SqlRoleGrants.revokeFromPublic(connection, RolePrivileges.NON_TRANSACTIONAL_FUNCTIONS);
            }
        } catch (SQLException e) {
            unavailable = "the server could not create its SQL role " + role + " (" + e.getMessage()
                    + "); grant the server's login CREATEROLE, or create the role yourself and set DB_ADMIN_SQL_ROLE";
        }
    }

    /**
     * After a permission error: a managed role may simply not have been granted a table created since the last
     * check. Re-syncs its grants when relations were created or dropped since the last sync, unless a sync already
     * happened after the failed statement began (concurrent denials share one sync).
     *
     * @param statementStartedNanos {@link System#nanoTime()} when the denied statement began
     * @return whether the grants are now in sync and a retry may succeed
     */
    boolean refreshAfterDenial(long statementStartedNanos) {
        if (!managed) {
            return false;
        }
        synchronized (this) {
            if (checkedAtNanos - statementStartedNanos < 0) {
                if (relationsUnchanged()) {
                    return false;
                }
                runCheck();
            }
        }
        return unavailable == null;
    }

    private boolean relationsUnchanged() {
        try (Connection connection = serverDataSource.getConnection()) {
            return SqlRoleGrants.relationsFingerprint(connection).equals(syncedRelations);
        } catch (SQLException e) {
            return true;
        }
    }

    /** Checks again when the last check is older than the recheck interval. */
    private synchronized void check() {
        if (checked && System.nanoTime() - checkedAtNanos < settings.recheckInterval().toNanos()) {
            return; // another thread checked while this one waited
        }
        runCheck();
    }

    private synchronized void runCheck() {
        try {
            RolePrivileges.Verdict verdict;
            try (Connection connection = serverDataSource.getConnection()) {
                Set<Long> hiddenOids = hidden.fresh(connection);
                if (managed) {
                    syncedRelations = SqlRoleGrants.relationsFingerprint(connection);
                    SqlRoleGrants.Changes changes = SqlRoleGrants.sync(connection, role, hiddenOids);
                    if (changes.granted() + changes.revoked() > 0) {
                        LOG.info("SQL role {}: SELECT granted on {} relations, revoked on {}", role, changes.granted(),
                                changes.revoked());
                    }
                }
                verdict = RolePrivileges.check(connection, role, hiddenOids);
            }
            String login = verdict.fit() ? verifyLogin() : null;
            String previous = unavailable;
            unavailable = !verdict.fit() ? String.join("; ", verdict.problems()) : login;
            if (previous == null && unavailable != null && checked) {
                LOG.error("db_execute_sql is now disabled: {}", unavailable);
            } else if (previous != null && unavailable == null && checked) {
                LOG.info("db_execute_sql is enabled again: the SQL role {} passed its check", role);
            }
            if (!verdict.warnings().equals(loggedWarnings)) {
                verdict.warnings().forEach(warning -> LOG.warn("SQL role {}: {}", role, warning));
                loggedWarnings = verdict.warnings();
            }
        } catch (SQLException | RuntimeException e) {
            if (!checked) {
                unavailable = "the SQL role could not be checked at start-up (" + e.getMessage() + ")";
            } else {
                LOG.debug("SQL role check failed; keeping the previous result: {}", e.getMessage());
            }
        }
        checkedAtNanos = System.nanoTime();
        checked = true;
    }

    /** The pool must really log in as the role (a URL option or a proxy could substitute another login). */
    private String verifyLogin() throws SQLException {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT session_user = ?, current_setting('is_superuser') = 'off'")) {
            statement.setString(1, role);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1) || !rs.getBoolean(2)) {
                    return "the SQL pool did not log in as " + role;
                }
                return null;
            }
        } catch (SQLException e) {
            if ("28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState())) {
                return "the server could not log in as " + role + " (set DB_ADMIN_SQL_PASSWORD)";
            }
            throw e;
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @PreDestroy
    void close() {
        if (pool != null) {
            pool.close();
        }
        if (replicaPool != null) {
            replicaPool.close();
        }
    }
}
