package com.dbadmin.db;

import com.dbadmin.support.McpClients;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The packaged jar's embedded PostgreSQL never outlives its server for long: a server killed with SIGKILL
 * leaves its postmaster running, and the next start on the same folder stops that orphan before using the
 * folder; a server stopped with SIGTERM stops its PostgreSQL.
 */
class EmbeddedRestartIT {

    @Test
    void anOrphanedPostmasterIsStoppedByTheNextStartAndSigtermStopsPostgres() throws Exception {
        Path home = Files.createTempDirectory("dbadmin-restart-home");
        Path data = home.resolve(".local/share/database-admin-server/postgres");

        Process first = start(home, "first");
        awaitHealthy(first, port(first));
        long orphan = postmasterPid(data);
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        assertTrue(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false),
                "SIGKILL leaves the postmaster running (the situation under test)");

        Process second = start(home, "second");
        awaitHealthy(second, port(second));
        String log = Files.readString(home.resolve("second.log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("left running"), log);
        assertFalse(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false), "the orphan was stopped");
        long current = postmasterPid(data);

        second.destroy(); // SIGTERM
        assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the server stops on SIGTERM");
        assertFalse(Files.exists(data.resolve("postmaster.pid")), "PostgreSQL stopped with the server");
        // The postmaster removes its pid file as its last act; give the process a moment to be gone.
        assertTrue(exited(current), "the postmaster exited");
    }

    private static boolean exited(long pid) throws Exception {
        ProcessHandle process = ProcessHandle.of(pid).orElse(null);
        if (process == null) {
            return true;
        }
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    private final java.util.Map<Process, Integer> ports = new java.util.HashMap<>();

    private Process start(Path home, String name) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(List.of(McpClients.javaBinary(), "-jar", System.getProperty("app.jar")));
        builder.environment().clear();
        builder.environment().put("HOME", home.toString());
        builder.environment().put("DB_ADMIN_PORT", String.valueOf(port));
        builder.environment().put("DB_ADMIN_DEMO_BOOKS", "200");
        builder.environment().put("DB_ADMIN_LOG_FORMAT", "text");
        builder.redirectErrorStream(true).redirectOutput(home.resolve(name + ".log").toFile());
        Process process = builder.start();
        ports.put(process, port);
        return process;
    }

    private int port(Process process) {
        return ports.get(process);
    }

    private static long postmasterPid(Path data) throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    }

    private static void awaitHealthy(Process process, int port) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline && process.isAlive()) {
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
