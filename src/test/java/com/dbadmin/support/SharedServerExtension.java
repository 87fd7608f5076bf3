package com.dbadmin.support;

import com.dbadmin.sql.catalog.CatalogCache;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

/**
 * Gives a {@link DatabaseTest} the shared server for its properties and injects its {@code @Inject}
 * fields from it. The catalogue starts afresh for each class, as it would in a server of its own.
 */
final class SharedServerExtension implements TestInstancePostProcessor {

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        DatabaseTest test = (DatabaseTest) testInstance;
        ApplicationContext server = SharedServers.server(test.properties());
        server.getBean(CatalogCache.class).invalidate();
        server.inject(testInstance);
    }
}
