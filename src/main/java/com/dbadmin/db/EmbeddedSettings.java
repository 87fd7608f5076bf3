package com.dbadmin.db;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/** db-admin.embedded.*: the local PostgreSQL started when no database is configured. */
@Context // bound and validated at start-up: a bad value stops the server before it serves anything
@ConfigurationProperties("db-admin.embedded")
record EmbeddedSettings(
        @Bindable(defaultValue = "data/postgres")
        @NotBlank(message = "DB_ADMIN_DATA_DIR (db-admin.embedded.data-dir) must name a folder")
        String dataDir,
        @Bindable(defaultValue = "54329")
        @Min(value = 1, message = PORT_RANGE) @Max(value = 65535, message = PORT_RANGE)
        int port,
        @Bindable(defaultValue = "true") boolean demoData,
        @Bindable(defaultValue = "20000")
        @Min(value = 0, message = "DB_ADMIN_DEMO_BOOKS (db-admin.embedded.demo-books) must be 0 or more,"
                + " not {validatedValue}")
        int demoBooks) {

    private static final String PORT_RANGE = "DB_ADMIN_EMBEDDED_PORT (db-admin.embedded.port) must be a port from 1"
            + " to 65535, not {validatedValue}";
}
