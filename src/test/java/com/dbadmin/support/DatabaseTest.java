package com.dbadmin.support;

import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.Map;

/**
 * Base for tests against a running server on the shared test database: its {@code @Inject} fields come
 * from the server for {@link #properties()}, which every test class with the same properties shares
 * (see {@link SharedServers}). Tool calls manage their own transactions; tests run no transaction.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedServerExtension.class)
public abstract class DatabaseTest {

    /** The shared database settings and this class's own. */
    public final Map<String, String> properties() {
        Map<String, String> properties = new HashMap<>(TestDatabase.properties());
        properties.putAll(extraProperties());
        return properties;
    }

    /** Per-class configuration on top of the shared database settings. */
    protected Map<String, String> extraProperties() {
        return Map.of();
    }
}
