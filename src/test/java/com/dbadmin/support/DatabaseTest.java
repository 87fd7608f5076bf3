package com.dbadmin.support;

import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/**
 * Base for tests that start the server context against the shared test database. Subclasses add
 * {@code @MicronautTest(transactional = false)}: tool calls manage their own transactions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DatabaseTest implements TestPropertyProvider {

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new java.util.HashMap<>(TestDatabase.properties());
        properties.putAll(extraProperties());
        return properties;
    }

    /** Per-class configuration on top of the shared database settings. */
    protected Map<String, String> extraProperties() {
        return Map.of();
    }
}
