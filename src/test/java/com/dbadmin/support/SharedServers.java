package com.dbadmin.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.util.HashMap;
import java.util.Map;

/**
 * Started servers (application context and HTTP listener) kept for the whole test JVM, one per distinct
 * set of properties: test classes configured alike share one instead of each starting its own. Closed
 * when the JVM exits. Tests that stop, break or reconfigure a server start their own instead.
 */
public final class SharedServers {
    private static final Map<Map<String, String>, ApplicationContext> STARTED = new HashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SharedServers::closeAll, "shared-servers-shutdown"));
    }

    private SharedServers() {
    }

    /** The server for exactly these properties, started on first use. */
    public static synchronized ApplicationContext server(Map<String, String> properties) {
        return STARTED.computeIfAbsent(Map.copyOf(properties), key -> {
            Map<String, Object> settings = new HashMap<>(key);
            return ApplicationContext.run(EmbeddedServer.class, settings, "test").getApplicationContext();
        });
    }

    private static synchronized void closeAll() {
        STARTED.values().forEach(ApplicationContext::close);
        STARTED.clear();
    }
}
