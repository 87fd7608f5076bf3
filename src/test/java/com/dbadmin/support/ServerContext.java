package com.dbadmin.support;

import com.dbadmin.tool.ToolInvoker;
import io.micronaut.context.ApplicationContext;

import java.util.HashMap;
import java.util.Map;

/**
 * A server context (no HTTP listener) on one database of the test server, for tests that need
 * several: a source and a restore target, or different backup settings side by side.
 */
public final class ServerContext implements AutoCloseable {
    private final ApplicationContext context;
    private final Tools tools;

    private ServerContext(ApplicationContext context) {
        this.context = context;
        this.tools = new Tools(context.getBean(ToolInvoker.class));
    }

    /** A context on {@code database} (no demo data) with the given extra properties. */
    public static ServerContext on(String database, Map<String, String> extra) {
        // The shared test settings (no rate limit, backups in a temporary folder, ...), on another database.
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties());
        properties.put("db-admin.database.url", Databases.jdbcUrl(database));
        properties.put("db-admin.database.load-demo", "false");
        properties.put("db-admin.database.pool-size", "4");
        properties.putAll(extra);
        return new ServerContext(ApplicationContext.run(properties, "test"));
    }

    public Tools tools() {
        return tools;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public ApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
