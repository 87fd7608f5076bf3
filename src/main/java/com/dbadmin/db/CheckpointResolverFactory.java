package com.dbadmin.db;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.crac.resources.datasources.resolver.DataSourceResourceResolver;
import io.micronaut.crac.resources.datasources.resolver.HikariDataSourceResolver;
import jakarta.inject.Singleton;

/**
 * micronaut-crac registers its resolver for a plain {@code HikariDataSource} only when Micronaut Data is
 * absent; with Micronaut Data present it expects the pool wrapped in a DelegatingDataSource, which
 * {@link PoolAsDataSource} prevents. Without this bean the pool would not be suspended before a SnapStart
 * checkpoint and open sockets would go into the snapshot.
 */
@Factory
@Requires(property = "crac.enabled", value = "true")
class CheckpointResolverFactory {
    @Singleton
    DataSourceResourceResolver plainHikariPool() {
        return new HikariDataSourceResolver();
    }
}
