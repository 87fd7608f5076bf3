package com.dbadmin.db;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * db-admin.embedded.*: the local PostgreSQL started when no database is configured.
 *
 * @param dataDir DB_ADMIN_DATA_DIR: blank for {@code postgres} in the user data folder; a relative value is
 *                taken inside that folder, an absolute one as it is
 * @param port    DB_ADMIN_EMBEDDED_PORT: 0 for {@link #DEFAULT_PORT} when it is free and any free port otherwise;
 *                another value must be free or start-up fails
 */
@Context // bound and validated at start-up: a bad value stops the server before it serves anything
@ConfigurationProperties("db-admin.embedded")
record EmbeddedSettings(
        @Nullable String dataDir,
        @Bindable(defaultValue = "0")
        @Min(value = 0, message = PORT_RANGE) @Max(value = 65535, message = PORT_RANGE)
        int port,
        @Bindable(defaultValue = "true") boolean demoData,
        @Bindable(defaultValue = "20000")
        @Min(value = 0, message = "DB_ADMIN_DEMO_BOOKS (db-admin.embedded.demo-books) must be 0 or more,"
                + " not {validatedValue}")
        int demoBooks) {

    static final int DEFAULT_PORT = 54329;

    private static final String PORT_RANGE = "DB_ADMIN_EMBEDDED_PORT (db-admin.embedded.port) must be a port from 1"
            + " to 65535 (or 0: 54329 when free, else any free port), not {validatedValue}";
}
