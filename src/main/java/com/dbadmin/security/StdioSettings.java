package com.dbadmin.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

/**
 * db-admin.stdio.*: who a stdio client is.
 *
 * @param principal the principal every stdio call runs as (audit log, metrics, rate limit)
 */
@Context // bound and validated at start-up: a bad value stops the server before it serves anything
@ConfigurationProperties("db-admin.stdio")
record StdioSettings(
        @Bindable(defaultValue = "local-stdio")
        @NotBlank(message = "db-admin.stdio.principal must not be blank")
        String principal) {
}
