package com.dbadmin.db;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.BeanLocator;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.flyway.FlywayConfigurationProperties;
import io.micronaut.flyway.FlywayMigrator;
import io.micronaut.inject.qualifiers.Qualifiers;
import jakarta.inject.Singleton;

import javax.sql.DataSource;

/**
 * Runs the server's own migrations ({@code flyway.datasources.default}: schema {@code dbadmin}, the audit
 * log) as soon as the pool exists. micronaut-flyway does this by itself only for data sources built from
 * {@code datasources.*}; ours comes from {@link DataSourceFactory}, so this hands it over explicitly.
 */
@Singleton
class ServerSchemaMigration implements BeanCreatedEventListener<DataSource> {
    private final BeanLocator beans;
    private final BeanProvider<FlywayMigrator> migrator;

    public ServerSchemaMigration(BeanLocator beans, BeanProvider<FlywayMigrator> migrator) {
        this.beans = beans;
        this.migrator = migrator;
    }

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        beans.findBean(FlywayConfigurationProperties.class, Qualifiers.byName("default"))
                .filter(FlywayConfigurationProperties::isEnabled)
                .ifPresent(config -> migrator.get().run(config, DataSourceFactory.unpooled(event.getBean())));
        return event.getBean();
    }
}
