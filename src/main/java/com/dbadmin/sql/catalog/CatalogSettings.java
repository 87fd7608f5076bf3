package com.dbadmin.sql.catalog;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * db-admin.catalog.*: how long the catalogue snapshot is reused before it is read again.
 *
 * @param ttl DB_ADMIN_CATALOG_TTL; names the catalogue does not know trigger a reload sooner
 */
@Context // bound and validated at start-up: a bad value stops the server before it serves anything
@ConfigurationProperties("db-admin.catalog")
record CatalogSettings(
        @Bindable(defaultValue = "5m")
        @NotNull(message = "DB_ADMIN_CATALOG_TTL (db-admin.catalog.ttl) must be a duration such as 5m")
        Duration ttl) {
}
