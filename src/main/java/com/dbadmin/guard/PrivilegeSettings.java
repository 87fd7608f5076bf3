package com.dbadmin.guard;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * db-admin.privileges.*: the database's own wall behind the server's table policy.
 *
 * @param toolRole DB_ADMIN_TOOL_ROLE: the role every tool transaction runs as ({@code SET LOCAL ROLE}); the
 *                 login role of DATABASE_URL must be a member. Grant it nothing on restricted tables.
 * @param strict   DB_ADMIN_STRICT_PRIVILEGES: refuse to start when tools would run as a superuser or as a
 *                 role that can read a restricted table
 */
@ConfigurationProperties("db-admin.privileges")
public record PrivilegeSettings(
        @Nullable String toolRole,
        @Bindable(defaultValue = "false") boolean strict) {

    public PrivilegeSettings {
        toolRole = toolRole == null || toolRole.isBlank() ? null : toolRole.trim();
    }
}
