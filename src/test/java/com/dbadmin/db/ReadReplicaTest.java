package com.dbadmin.db;

import com.dbadmin.support.ServerContext;
import com.dbadmin.support.StreamingReplica;
import com.dbadmin.support.Tools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import reactor.core.publisher.Mono;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * DB_ADMIN_READ_REPLICA_URL against a real hot standby streaming from its primary: read-only tools read there
 * and say so with the replay lag, writes go to the primary, a paused replica serves stale reads until it is
 * further behind than the maximum lag, and a stopped one is skipped (reads fall back to the primary, /health
 * says so) until it is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadReplicaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private StreamingReplica cluster;
    private ServerContext server;
    private Tools tools;

    @BeforeAll
    void start() throws Exception {
        cluster = StreamingReplica.start(null);
        server = ServerContext.on("postgres", Map.of("db-admin.database.url", cluster.primaryUrl(),
                "db-admin.database.load-demo", "true", "db-admin.embedded.demo-books", "200",
                "db-admin.database.read-replica-url", cluster.replicaUrl(),
                "db-admin.database.read-replica-max-lag", "3s"));
        tools = server.tools();
        cluster.awaitCaughtUp();
        awaitServer("replica");
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        cluster.close();
    }

    @Test
    @Order(1)
    void readOnlyToolsReadFromTheReplicaAndWritesGoToThePrimary() {
        for (String[] call : new String[][]{{"db_query_records", "{\"table\": \"books\", \"limit\": 1}"},
                {"db_list_tables", "{}"}, {"db_get_schema", "{\"table\": \"authors\"}"},
                {"db_execute_sql", "{\"sql\": \"SELECT pg_is_in_recovery() AS standby\"}"},
                {"db_search_objects", "{\"pattern\": \"books\"}"}}) {
            ObjectNode result = tools.ok(call[0], call[1]);
            assertEquals("replica", result.at("/served_by/server").asText(), call[0] + " " + result.get("served_by"));
            assertTrue(result.at("/served_by/replay_lag_ms").asLong(-1) >= 0);
            assertTrue(result.at("/served_by/fallback").isNull());
        }
        assertTrue(tools.ok("db_execute_sql", "{\"sql\": \"SELECT pg_is_in_recovery() AS standby\"}")
                .at("/rows/0/standby").asBoolean(), "the SQL really ran on the standby");
        // served_by is part of each tool's exact output schema when a replica is configured.
        var registry = server.bean(com.dbadmin.tool.ToolRegistry.class);
        var schemas = com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012);
        for (String tool : new String[]{"db_query_records", "db_execute_sql", "db_health"}) {
            ObjectNode result = tools.ok(tool, tool.equals("db_execute_sql") ? "{\"sql\": \"SELECT 1 AS one\"}"
                    : tool.equals("db_health") ? "{}" : "{\"table\": \"books\", \"limit\": 1}");
            assertEquals(java.util.Set.of(), schemas.getSchema(registry.find(tool).orElseThrow().outputSchema())
                    .validate(result), tool);
        }
        ObjectNode insert = tools.ok("db_insert_record", "{\"table\": \"authors\", \"data\": {\"name\": \"Written Once\"}}");
        assertEquals("primary", insert.at("/served_by/server").asText());
        assertTrue(insert.at("/served_by/fallback").isNull());
    }

    @Test
    @Order(2)
    void aPausedReplicaServesStaleReadsOnlyWithinTheMaximumLag() throws Exception {
        cluster.awaitCaughtUp();
        cluster.pauseReplay();
        try {
            tools.ok("db_insert_record", "{\"table\": \"authors\", \"data\": {\"name\": \"Late Arrival\"}}");
            ObjectNode stale = tools.ok("db_query_records", "{\"table\": \"authors\", \"where\": {\"name\": \"Late Arrival\"}}");
            assertEquals("replica", stale.at("/served_by/server").asText(), stale.get("served_by").toString());
            assertEquals(0, stale.get("count").asInt(), "the paused replica has not replayed the insert yet");

            Thread.sleep(3_500);
            ObjectNode fresh = tools.ok("db_query_records", "{\"table\": \"authors\", \"where\": {\"name\": \"Late Arrival\"}}");
            assertEquals("primary", fresh.at("/served_by/server").asText(), fresh.get("served_by").toString());
            assertTrue(fresh.at("/served_by/fallback").asText().contains("behind"), fresh.get("served_by").toString());
            assertEquals(1, fresh.get("count").asInt());
        } finally {
            cluster.resumeReplay();
        }
        cluster.awaitCaughtUp();
        ObjectNode caughtUp = tools.ok("db_query_records", "{\"table\": \"authors\", \"where\": {\"name\": \"Late Arrival\"}}");
        assertEquals("replica", caughtUp.at("/served_by/server").asText());
        assertEquals(1, caughtUp.get("count").asInt());
    }

    @Test
    @Order(3)
    void aStoppedReplicaIsSkippedHealthSaysSoAndItIsUsedAgainOnceBack() throws Exception {
        cluster.stopReplica();
        try {
            ObjectNode first = tools.ok("db_query_records", "{\"table\": \"books\", \"limit\": 1}");
            assertEquals("primary", first.at("/served_by/server").asText());
            assertTrue(first.at("/served_by/fallback").asText().contains("replica unavailable"), first.toString());
            long started = System.nanoTime();
            ObjectNode next = tools.ok("db_execute_sql", "{\"sql\": \"SELECT pg_is_in_recovery() AS standby\"}");
            assertFalse(next.at("/rows/0/standby").asBoolean());
            assertEquals("primary", next.at("/served_by/server").asText());
            assertTrue((System.nanoTime() - started) / 1_000_000 < 2_500, "a known-dead replica costs no wait");

            JsonNode database = databaseHealth();
            assertEquals("UP", database.get("status").asText(), "reads go on through the primary");
            assertFalse(database.at("/details/replica/connected").asBoolean());
            assertEquals("primary (replica unavailable)", database.at("/details/replica/reads").asText());
        } finally {
            cluster.startReplica();
        }
        awaitServer("replica");
        assertEquals("replica", databaseHealth().at("/details/replica/reads").asText());
    }

    @Test
    @Order(4)
    void withoutAReplicaResultsAreUnchanged() {
        try (ServerContext plain = ServerContext.on("postgres", Map.of("db-admin.database.url", cluster.primaryUrl()))) {
            ObjectNode result = plain.tools().ok("db_query_records", "{\"table\": \"books\", \"limit\": 1}");
            assertFalse(result.has("served_by"), result.toString());
        }
    }

    /** Calls a read-only tool until the named server answers (the replica is probed again every few seconds). */
    private void awaitServer(String expected) throws InterruptedException {
        String last = null;
        for (int i = 0; i < 100; i++) {
            last = tools.ok("db_query_records", "{\"table\": \"books\", \"limit\": 1}").at("/served_by/server").asText();
            if (expected.equals(last)) {
                return;
            }
            Thread.sleep(200);
        }
        fail("reads still served by " + last);
    }

    private JsonNode databaseHealth() {
        for (HealthIndicator indicator : server.context().getBeansOfType(HealthIndicator.class)) {
            HealthResult result = Mono.from(indicator.getResult()).block();
            if (result != null && "database".equals(result.getName())) {
                ObjectNode node = JSON.createObjectNode();
                node.put("status", result.getStatus() == HealthStatus.UP ? "UP" : result.getStatus().getName());
                node.set("details", JSON.valueToTree(result.getDetails()));
                return node;
            }
        }
        throw new AssertionError("no database health indicator");
    }
}
