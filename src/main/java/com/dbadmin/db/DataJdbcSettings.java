package com.dbadmin.db;

import io.micronaut.context.annotation.Primary;
import io.micronaut.data.jdbc.config.DataJdbcConfiguration;
import io.micronaut.data.model.query.builder.sql.Dialect;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * Micronaut Data's settings for the "default" data source. It normally reads them from
 * {@code datasources.default.*}, but that key would also make micronaut-jdbc-hikari build a second
 * pool; the pool here comes from {@link DataSourceFactory}, so the settings are declared in code.
 */
@Singleton
@Primary
@Named("default")
class DataJdbcSettings extends DataJdbcConfiguration {
    public DataJdbcSettings() {
        super("default");
        setDialect(Dialect.POSTGRES);
    }
}
