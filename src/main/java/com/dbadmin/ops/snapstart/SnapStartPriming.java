package com.dbadmin.ops.snapstart;

import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolException;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.tool.ToolRegistry;
import com.dbadmin.tool.ToolResults;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.crac.OrderedResource;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;

/**
 * Work done while a Lambda environment initialises, so that SnapStart's snapshot (taken after init) holds a
 * warm JVM and the first invocation after restore does not pay for it: open a pooled connection (pgjdbc,
 * TLS, authentication), load the catalogue, and run the JSON paths (tool results, schemas; MCP's tools/list is written when its beans are created).
 * No tool is called, so priming writes no audit rows.
 *
 * <p>Before the checkpoint micronaut-crac suspends the pool and closes its connections (a socket cannot
 * survive a snapshot); after restore it resumes the pool, which reconnects on demand, and this resource drops
 * the catalogue taken at snapshot time, since the snapshot may be restored days later.
 */
@Singleton
@Requires(env = "lambda")
public class SnapStartPriming implements OrderedResource {
    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

    private final DataSource dataSource;
    private final CatalogCache catalog;
    private final ToolRegistry tools;
    private final ObjectMapper json;
    private volatile boolean primed;

    public SnapStartPriming(DataSource dataSource, CatalogCache catalog, ToolRegistry tools, ObjectMapper json) {
        this.dataSource = dataSource;
        this.catalog = catalog;
        this.tools = tools;
        this.json = json;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        prime();
    }

    /** Never fails initialisation: a database that is down at init is reported by the first call instead. */
    public void prime() {
        long started = System.nanoTime();
        try {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
            }
            catalog.refresh();
            for (ToolDefinition tool : tools.all()) {
                json.writeValueAsString(tool.inputSchema());
            }
            json.writeValueAsString(ToolResults.error(ToolException.validation("priming")));
            json.readTree("{\"tool\":\"db_query_records\",\"arguments\":{\"table\":\"t\",\"limit\":1}}");
            primed = true;
            LOG.info("Primed for SnapStart in {} ms ({} tables, {} tools)", (System.nanoTime() - started) / 1_000_000,
                    catalog.tables().size(), tools.all().size());
        } catch (Exception e) {
            LOG.warn("Priming skipped: {}", e.toString());
        }
    }

    public boolean primed() {
        return primed;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        // Nothing to add: priming ran at startup, the pool's connections are closed by micronaut-crac.
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        catalog.invalidate();
    }
}
