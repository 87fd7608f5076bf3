package com.dbadmin.db;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.data.connection.jdbc.advice.ContextualAwareDataSource;
import jakarta.inject.Singleton;

import javax.sql.DataSource;

/**
 * Keeps the injected {@link DataSource} the plain connection pool. Micronaut Data would otherwise wrap
 * it so that {@code getConnection()} only works inside a Micronaut-managed connection or transaction,
 * which would break every component that borrows a connection itself (catalogue, tool sessions,
 * health checks). Repositories are unaffected: they reach the pool through their own connection
 * operations.
 */
@Singleton
@Replaces(ContextualAwareDataSource.class)
class PoolAsDataSource implements BeanCreatedEventListener<DataSource> {
    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        return event.getBean();
    }
}
