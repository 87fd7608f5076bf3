package com.dbadmin.tool.sql;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Duration;

/**
 * db-admin.sql.*: the role caller-written SQL runs as (db_execute_sql, db_explain with sql).
 *
 * @param role          DB_ADMIN_SQL_ROLE: the login the SQL runs as; unset with a managed role: {@code dbadmin_sql}
 * @param password      DB_ADMIN_SQL_PASSWORD: its password (a managed role without one gets a random one per start)
 * @param manageRole    DB_ADMIN_SQL_MANAGE_ROLE: {@code true}, the server creates the role and keeps its grants in
 *                      line with the policy; {@code auto} (default), only for the embedded database; {@code false}
 * @param recheckEvery  DB_ADMIN_SQL_RECHECK_INTERVAL: how often the role's privileges are checked again
 */
@Context // bound and validated at start-up: a bad value stops the server before it serves anything
@ConfigurationProperties("db-admin.sql")
record SqlSettings(
        @Bindable(defaultValue = "true") boolean enabled,
        @Nullable
        @Pattern(regexp = "([a-z_][a-z0-9_]{0,62})?", message = "DB_ADMIN_SQL_ROLE (db-admin.sql.role) must be a lower-case"
                + " PostgreSQL role name (letters, digits, _), not {validatedValue}")
        String role,
        @Nullable String password,
        @Bindable(defaultValue = "auto")
        @Pattern(regexp = "auto|true|false", message = "DB_ADMIN_SQL_MANAGE_ROLE (db-admin.sql.manage-role) must be auto,"
                + " true or false, not {validatedValue}")
        String manageRole,
        @Bindable(defaultValue = "2")
        @Min(value = 1, message = POOL) @Max(value = 50, message = POOL)
        int poolSize,
        @Bindable(defaultValue = "16777216")
        @Min(value = 65536, message = "DB_ADMIN_SQL_MAX_RESULT_BYTES (db-admin.sql.max-result-bytes) must be at least"
                + " 65536, not {validatedValue}")
        long maxResultBytes,
        @Bindable(defaultValue = "1m")
        @NotNull(message = "DB_ADMIN_SQL_RECHECK_INTERVAL (db-admin.sql.recheck-interval) must be a duration such as 1m")
        Duration recheckInterval) {

    static final String MANAGED_ROLE = "dbadmin_sql";
    private static final String POOL = "DB_ADMIN_SQL_POOL_SIZE (db-admin.sql.pool-size) must be from 1 to 50,"
            + " not {validatedValue}";

    boolean manages(boolean embeddedDatabase) {
        return "auto".equals(manageRole) ? embeddedDatabase : Boolean.parseBoolean(manageRole);
    }

    /** The role to use, or null when caller SQL is off (no role configured and none managed). */
    String effectiveRole(boolean embeddedDatabase) {
        if (!enabled) {
            return null;
        }
        if (role != null && !role.isBlank()) {
            return role;
        }
        return manages(embeddedDatabase) ? MANAGED_ROLE : null;
    }

    /** Keeps the password out of logs. */
    @Override
    public String toString() {
        return "SqlSettings[enabled=" + enabled + ", role=" + role + ", manageRole=" + manageRole + ", poolSize="
                + poolSize + "]";
    }
}
