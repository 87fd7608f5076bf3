package com.dbadmin.function;

import com.dbadmin.ops.snapstart.SnapStartPriming;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.Fixtures;
import com.dbadmin.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.crac.test.CheckpointSimulator;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What SnapStart does to a function, replayed with micronaut-crac's checkpoint simulator (which calls the same
 * CRaC resources Lambda's runtime calls): before the snapshot no database connection may stay open; after
 * restore the pool reconnects and the catalogue is reloaded, and the function answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapStartTest {
    ApplicationContext context;
    QueryFunction function;

    @BeforeAll
    void start() {
        Fixtures.load("lambdalab.sql");
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties());
        context = new LambdaApplicationContextBuilder().environments(Environment.TEST).properties(properties).build();
        function = new QueryFunction(context);
    }

    @AfterAll
    void stop() {
        context.close();
    }

    @Test
    void checkpointClosesConnectionsAndRestoreReconnects() throws Exception {
        HikariDataSource pool = context.getBean(HikariDataSource.class);
        CatalogCache catalog = context.getBean(CatalogCache.class);
        assertTrue(context.getBean(SnapStartPriming.class).primed(), "primed during init, before any snapshot");
        assertTrue(pool.getHikariPoolMXBean().getTotalConnections() > 0, "priming opened a connection");
        CatalogCache.Snapshot snapshotTimeCatalogue = catalog.current();

        CheckpointSimulator simulator = context.getBean(CheckpointSimulator.class);
        simulator.runBeforeCheckpoint();
        assertEquals(0, pool.getHikariPoolMXBean().getTotalConnections(), "no socket may go into the snapshot");

        simulator.runAfterRestore();
        JsonNode answer = GroupFunctionTest.invoke(function,
                "{\"tool\":\"db_query_records\",\"arguments\":{\"table\":\"lambdalab.notes\",\"limit\":1}}");
        assertEquals(1, answer.get("records").size(), answer::toString);
        assertTrue(pool.getHikariPoolMXBean().getTotalConnections() > 0, "connections re-established after restore");
        assertNotSame(snapshotTimeCatalogue, catalog.current(), "the catalogue taken at snapshot time was dropped");
    }
}
