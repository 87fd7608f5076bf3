package com.dbadmin.console;

import com.dbadmin.support.McpClients;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tokens;
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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The operator console in a real headless browser (scripts/console-browser-test.sh: Debian's chromium
 * driven by playwright-core) against the packaged jar with authentication on: sign in with an API key,
 * list backups, run a table backup and see it listed, validate it, filter the audit log, call a tool from
 * its form. Screenshots are kept in target/console-screenshots.
 */
class ConsoleBrowserIT {
    private static final String KEY = "console-test-key-0123456789abcdef0123456789";

    @Test
    void anOperatorWorksThroughTheConsole() throws Exception {
        TestDatabase.postgres();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path backups = Files.createTempDirectory("console-backups");
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", TestDatabase.jdbcUrl());
        env.put("DATABASE_USER", "postgres");
        env.put("DB_ADMIN_DATABASE_LOAD_DEMO", "true");
        env.put("DB_ADMIN_DEMO_BOOKS", "2000");
        env.put("DB_ADMIN_PORT", String.valueOf(port));
        env.put("BACKUP_DIR", backups.toString());
        env.put("DB_ADMIN_API_KEYS", Tokens.apiKeyEntry("console-admin", KEY, "db:admin"));
        env.put("DB_ADMIN_LOG_TOOL_CALLS", "failures");
        ProcessBuilder server = new ProcessBuilder(McpClients.javaBinary(), "-jar", System.getProperty("app.jar"));
        server.environment().putAll(env);
        Path serverLog = Files.createTempFile("console-server", ".log");
        server.redirectErrorStream(true).redirectOutput(serverLog.toFile());
        Process process = server.start();
        try {
            awaitHealthy(process, port, serverLog);
            Path screenshots = Path.of("target", "console-screenshots").toAbsolutePath();
            if (Files.isDirectory(screenshots)) {
                try (var old = Files.list(screenshots)) {
                    for (Path file : old.toList()) {
                        Files.delete(file);
                    }
                }
            }
            Path log = Files.createTempFile("console-browser", ".log");
            Process browser = new ProcessBuilder("bash", "scripts/console-browser-test.sh", "http://127.0.0.1:" + port,
                    KEY, screenshots.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(browser.waitFor(10, TimeUnit.MINUTES), "the browser test did not finish");
            String output = Files.readString(log, StandardCharsets.UTF_8);
            System.out.println(output);
            assertEquals(0, browser.exitValue(), output + "\n--- server log ---\n" + tail(serverLog));
            assertTrue(output.contains("console: 1 passed, 0 failed"), output);
            try (var files = Files.list(screenshots)) {
                assertTrue(files.filter(file -> file.toString().endsWith(".png")).count() >= 5, "screenshots kept");
            }
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String tail(Path log) throws IOException {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
    }

    private static void awaitHealthy(Process server, int port, Path serverLog) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail("the server exited with " + server.exitValue() + ":\n" + tail(serverLog));
            }
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
