package com.dbadmin.guard;

import com.dbadmin.db.named.NamedDatabases;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/** With DB_ADMIN_DATABASES, the first database's restricted and read-only tables, where it names them. */
@Singleton
class FirstNamedDatabasePolicy implements BeanCreatedEventListener<PolicySettings> {
    private final String databases;

    FirstNamedDatabasePolicy(@Value("${" + NamedDatabases.PROPERTY + ":}") String databases) {
        this.databases = databases;
    }

    @Override
    public PolicySettings onCreated(BeanCreatedEvent<PolicySettings> event) {
        PolicySettings settings = event.getBean();
        return NamedDatabases.parse(databases).stream().findFirst()
                .map(first -> new PolicySettings(
                        first.restrictedTables() != null ? first.restrictedTables() : settings.restrictedTables(),
                        first.readOnlyTables() != null ? first.readOnlyTables() : settings.readOnlyTables(),
                        settings.allowedSchemas(), settings.allowedTables()))
                .orElse(settings);
    }
}
