package com.dbadmin.guard;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * db-admin.policy.*: comma-separated {@code table} or {@code schema.table} entries (DB_ADMIN_RESTRICTED_TABLES,
 * DB_ADMIN_READ_ONLY_TABLES, DB_ADMIN_ALLOWED_SCHEMAS, DB_ADMIN_ALLOWED_TABLES), trimmed and lower-cased;
 * an empty allow-list allows everything.
 */
@Context // bound and validated at start-up: a bad value stops the server before it serves anything
@ConfigurationProperties("db-admin.policy")
record PolicySettings(
        @Nullable @Bindable(defaultValue = "") List<String> restrictedTables,
        @Nullable @Bindable(defaultValue = "") List<String> readOnlyTables,
        @Nullable @Bindable(defaultValue = "") List<String> allowedSchemas,
        @Nullable @Bindable(defaultValue = "") List<String> allowedTables) {

    PolicySettings {
        restrictedTables = normalize(restrictedTables);
        readOnlyTables = normalize(readOnlyTables);
        allowedSchemas = normalize(allowedSchemas);
        allowedTables = normalize(allowedTables);
    }

    private static List<String> normalize(List<String> entries) {
        if (entries == null) {
            return List.of();
        }
        return entries.stream().filter(Objects::nonNull).map(String::trim).filter(entry -> !entry.isEmpty())
                .map(entry -> entry.toLowerCase(Locale.ROOT)).distinct().toList();
    }
}
