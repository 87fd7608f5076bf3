package com.dbadmin.mcp;

import com.dbadmin.support.McpClients;
import com.dbadmin.support.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The official MCP conformance suite ({@code scripts/mcp-conformance.sh}, npm @modelcontextprotocol/conformance
 * on Node 22) against the packaged jar serving HTTP: every required scenario must pass; the script fails on
 * any other outcome, so nothing is skipped silently.
 */
class McpConformanceIT {

    @Test
    void officialConformanceScenariosPass() throws Exception {
        TestDatabase.postgres();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder server = new ProcessBuilder(McpClients.javaBinary(), "-jar", McpStdioIT.jar());
        server.environment().putAll(McpStdioIT.env());
        server.environment().putAll(Map.of("DB_ADMIN_PORT", String.valueOf(port), "DB_ADMIN_LOG_TOOL_CALLS", "failures",
                "BACKUP_DIR", TestDatabase.backupDir().toString()));
        server.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = server.start();
        try {
            awaitHealthy(port);
            Path log = Files.createTempFile("mcp-conformance", ".log");
            Process suite = new ProcessBuilder("bash", "scripts/mcp-conformance.sh", "http://127.0.0.1:" + port + "/mcp")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(suite.waitFor(15, TimeUnit.MINUTES), "the conformance suite did not finish");
            String output = Files.readString(log, StandardCharsets.UTF_8);
            System.out.println(output);
            assertEquals(0, suite.exitValue(), output);
            assertTrue(output.contains("conformance: 7 passed, 0 failed"), output);
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void awaitHealthy(int port) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/health/liveness")).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        fail("the server did not start on port " + port);
    }
}
