package com.dbadmin.ops;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.Transport;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.McpClients;
import com.dbadmin.support.Tools;
import com.dbadmin.tool.ToolInvoker;
import io.micronaut.runtime.server.EmbeddedServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** /prometheus after real tool calls: names, labels, counts, histogram, pool and JVM metrics. */
class MetricsTest extends DatabaseTest {
    @Inject
    EmbeddedServer server;

    /** A read-only table: changing it is the "denied" outcome (a restricted one answers like an unknown one). */
    @Override
    protected java.util.Map<String, String> extraProperties() {
        return java.util.Map.of("db-admin.policy.read-only-tables", "public.series");
    }
    @Inject
    ToolInvoker invoker;

    private PrometheusScrape scrape() {
        HttpResponse<String> response = OpsHttp.get(server.getURL(), "/prometheus");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                response.headers().toString());
        return PrometheusScrape.parse(response.body());
    }

    private static Map<String, String> labels(String... pairs) {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            labels.put(pairs[i], pairs[i + 1]);
        }
        return labels;
    }

    @Test
    void countsEachCallByToolTransportAndOutcome() {
        PrometheusScrape before = scrape();
        Map<String, String> restSuccess = labels("tool", "db_query_records", "transport", "rest", "outcome", "success");
        Map<String, String> restError = labels("tool", "db_query_records", "transport", "rest", "outcome", "error");
        Map<String, String> restDenied = labels("tool", "db_delete_records", "transport", "rest", "outcome", "denied");
        Map<String, String> mcpSuccess = labels("tool", "db_query_records", "transport", "mcp_http", "outcome", "success");

        assertEquals(200, OpsHttp.post(server.getURL(), "/api/db/query", "{\"table\":\"books\",\"limit\":3}").statusCode());
        assertEquals(200, OpsHttp.post(server.getURL(), "/api/db/query", "{\"table\":\"authors\",\"limit\":1}").statusCode());
        assertEquals(404, OpsHttp.post(server.getURL(), "/api/db/query", "{\"table\":\"no_such_table\"}").statusCode());
        assertEquals(400, OpsHttp.post(server.getURL(), "/api/db/query", "{\"table\":1}").statusCode());
        assertEquals(404, OpsHttp.post(server.getURL(), "/api/db/query", "{\"table\":\"users\"}").statusCode());
        assertEquals(403, OpsHttp.post(server.getURL(), "/api/db/delete", "{\"table\":\"series\",\"where\":{\"id\":1}}").statusCode());
        McpSyncClient client = McpClients.http(server.getURL());
        try {
            client.initialize();
            McpSchema.CallToolResult result = client.callTool(
                    new McpSchema.CallToolRequest("db_query_records", Map.of("table", "books", "limit", 1)));
            assertFalse(result.isError());
        } finally {
            client.closeGracefully();
        }

        PrometheusScrape after = scrape();
        assertEquals(2, after.value("db_admin_requests_total", restSuccess) - before.value("db_admin_requests_total", restSuccess));
        assertEquals(3, after.value("db_admin_requests_total", restError) - before.value("db_admin_requests_total", restError));
        assertEquals(1, after.value("db_admin_requests_total", restDenied) - before.value("db_admin_requests_total", restDenied));
        assertEquals(1, after.value("db_admin_requests_total", mcpSuccess) - before.value("db_admin_requests_total", mcpSuccess));

        Map<String, Integer> expectedErrors = Map.of("DB_404_NOT_FOUND", 2, "DB_400_VALIDATION", 1);
        expectedErrors.forEach((code, count) -> {
            Map<String, String> errors = labels("tool", "db_query_records", "code", code);
            assertEquals((double) count, after.value("db_admin_errors_total", errors) - before.value("db_admin_errors_total", errors), code);
        });
        Map<String, String> denied = labels("tool", "db_delete_records", "code", "DB_403_ACCESS_DENIED");
        assertEquals(1, after.value("db_admin_errors_total", denied) - before.value("db_admin_errors_total", denied));
    }

    @Test
    void latencyIsAHistogramInSecondsWithBucketsAtTheTargets() {
        new Tools(invoker, CallContext.local("metrics-test", Transport.MCP_STDIO)).ok("db_query_records", "{\"table\":\"books\",\"limit\":1}");
        PrometheusScrape scrape = scrape();
        Map<String, String> series = labels("tool", "db_query_records", "transport", "mcp_stdio");
        List<PrometheusScrape.Sample> buckets = scrape.find("db_admin_request_duration_seconds_bucket", series);
        assertFalse(buckets.isEmpty());
        Set<String> bounds = new java.util.HashSet<>();
        buckets.forEach(b -> bounds.add(b.labels().get("le")));
        for (String bound : List.of("0.05", "0.075", "0.1", "0.15", "0.2", "+Inf")) {
            assertTrue(bounds.contains(bound), "bucket le=" + bound + " missing from " + bounds);
        }
        double count = scrape.value("db_admin_request_duration_seconds_count", series);
        assertTrue(count >= 1);
        assertEquals(count, scrape.value("db_admin_request_duration_seconds_bucket", labels("tool", "db_query_records",
                "transport", "mcp_stdio", "le", "+Inf")));
        double sum = scrape.value("db_admin_request_duration_seconds_sum", series);
        assertTrue(sum > 0 && sum < 60 * count, "seconds, not milliseconds: sum=" + sum);
        assertTrue(buckets.size() < 100, "bounded number of buckets: " + buckets.size());
    }

    @Test
    void tableNamesFromInputNeverBecomeLabels() {
        String probe = "zz_label_probe_" + System.nanoTime();
        OpsHttp.post(server.getURL(), "/api/db/query", "{\"table\":\"" + probe + "\"}");
        OpsHttp.post(server.getURL(), "/api/tools/" + probe, "{}");
        HttpResponse<String> response = OpsHttp.get(server.getURL(), "/prometheus");
        assertFalse(response.body().contains(probe), "input leaked into metric labels");
        for (PrometheusScrape.Sample sample : PrometheusScrape.parse(response.body()).samples()) {
            String tool = sample.labels().get("tool");
            if (sample.name().startsWith("db_admin_") && tool != null) {
                assertTrue(invoker.registry().find(tool).isPresent() || tool.equals("unknown"), "tool label " + tool);
            }
        }
    }

    @Test
    void poolDatabaseJvmAndProcessMetrics() {
        PrometheusScrape scrape = scrape();
        assertEquals(1.0, scrape.value("db_admin_database_up", Map.of()), "the probe reached the test database");
        assertEquals(5.0, scrape.value("db_admin_pool_max_connections", Map.of()), "pool-size of the test configuration");
        double active = scrape.value("db_admin_pool_active_connections", Map.of());
        double idle = scrape.value("db_admin_pool_idle_connections", Map.of());
        assertTrue(active >= 0 && idle >= 0 && active + idle <= 5, "active " + active + " idle " + idle);
        assertEquals(0.0, scrape.value("db_admin_pool_pending_threads", Map.of()));
        assertTrue(scrape.value("jvm_memory_used_bytes", labels("area", "heap")) > 0);
        assertFalse(scrape.find("jvm_memory_max_bytes", labels("area", "heap")).isEmpty());
        assertFalse(scrape.find("process_cpu_usage", Map.of()).isEmpty());
        assertTrue(scrape.value("process_uptime_seconds", Map.of()) > 0);
    }
}
