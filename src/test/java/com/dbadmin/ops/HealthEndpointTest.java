package com.dbadmin.ops;

import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** /health, /health/liveness and /health/readiness: details, statuses and HTTP codes. */
@MicronautTest(transactional = false)
class HealthEndpointTest extends DatabaseTest {
    private static final Path BACKUPS = createTempDir();
    /** A backup two hours old, named the way the backup engine names files. */
    private static final Instant LAST_BACKUP = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);

    @Inject
    EmbeddedServer server;

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("health-backups");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String backupName(Instant time, String suffix) {
        return "backup-full-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(LocalDateTime.ofInstant(time, ZoneOffset.UTC)) + suffix;
    }

    @Override
    protected Map<String, String> extraProperties() {
        try {
            Files.writeString(BACKUPS.resolve(backupName(LAST_BACKUP, ".sql.gz")), "x");
            Files.writeString(BACKUPS.resolve(backupName(LAST_BACKUP.minus(Duration.ofDays(1)), ".sql.gz")), "x");
            // Newer, but still being written: not a successful backup.
            Files.writeString(BACKUPS.resolve(backupName(Instant.now(), ".sql.gz.tmp")), "x");
            Files.writeString(BACKUPS.resolve("notes.txt"), "not a backup");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("db-admin.health.backup-dir", BACKUPS.toString());
    }

    @Test
    void healthShowsDatabasePoolBackupsAndVersion() {
        HttpResponse<String> response = OpsHttp.get(server.getURL(), "/health");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode health = OpsHttp.json(response);
        assertEquals("UP", health.get("status").asText());
        JsonNode details = health.get("details");

        JsonNode database = details.get("database");
        assertEquals("UP", database.get("status").asText());
        assertTrue(database.at("/details/connected").asBoolean());
        assertTrue(database.at("/details/serverVersion").asText().startsWith("15."), database.toString());
        assertEquals("jdbc:postgresql://127.0.0.1:" + TestDatabase.port() + "/postgres", database.at("/details/target").asText());
        JsonNode pool = database.at("/details/pool");
        assertEquals(5, pool.get("size").asInt());
        for (String field : new String[]{"active", "idle", "waiting", "total"}) {
            assertTrue(pool.get(field).isInt(), field + " in " + pool);
        }
        assertTrue(pool.get("active").asInt() + pool.get("idle").asInt() <= 5);

        JsonNode store = details.at("/backupStore/details");
        assertEquals("UP", details.at("/backupStore/status").asText());
        assertEquals(BACKUPS.toAbsolutePath().toString(), store.get("location").asText());
        assertTrue(store.get("writable").asBoolean());
        long free = store.get("freeBytes").asLong();
        long used = store.get("usedBytes").asLong();
        assertTrue(free > 0 && used >= 0);
        assertEquals(store.get("totalBytes").asLong(), free + used);
        assertTrue(store.get("free").asText().matches("[0-9.]+ [KMGTP]?B"), store.toString());

        JsonNode last = details.at("/lastBackup/details");
        assertEquals("UP", details.at("/lastBackup/status").asText());
        assertEquals(LAST_BACKUP.toString(), last.get("lastSuccess").asText(), "the newest finished backup");
        long age = last.get("ageSeconds").asLong();
        assertTrue(age >= 7200 && age < 7200 + 600, "age " + age);
        assertTrue(last.get("age").asText().startsWith("2h"), last.toString());

        assertEquals("1.0.0", details.at("/server/details/version").asText());
        assertTrue(response.headers().firstValue("X-Request-Id").isPresent());
    }

    @Test
    void livenessIsTheProcessOnlyAndReadinessIncludesTheDatabase() {
        HttpResponse<String> liveness = OpsHttp.get(server.getURL(), "/health/liveness");
        assertEquals(200, liveness.statusCode());
        JsonNode live = OpsHttp.json(liveness).get("details");
        assertTrue(live.has("server"));
        assertFalse(live.has("database"), "an outage must not restart instances: " + live);

        HttpResponse<String> readiness = OpsHttp.get(server.getURL(), "/health/readiness");
        assertEquals(200, readiness.statusCode());
        JsonNode ready = OpsHttp.json(readiness).get("details");
        assertEquals("UP", ready.at("/database/status").asText());
        assertFalse(ready.has("server"));
    }

    @Test
    void backupProblemsDegradeHealthWithoutTakingTheServerOutOfService() throws IOException {
        // The backup folder's parent is a regular file: backups cannot be created there (even as root).
        Path blocker = Files.createTempFile("not-a-folder", ".txt");
        Path staleBackups = Files.createTempDirectory("stale-backups");
        Files.writeString(staleBackups.resolve(backupName(Instant.now().minus(Duration.ofDays(3)), ".sql.gz")), "x");
        try (ApplicationContext context = start(Map.of(
                "db-admin.health.backup-dir", blocker.resolve("backups").toString()))) {
            HttpResponse<String> health = OpsHttp.get(url(context), "/health");
            assertEquals(200, health.statusCode(), health.body());
            JsonNode body = OpsHttp.json(health);
            assertEquals("DEGRADED", body.get("status").asText());
            assertEquals("DEGRADED", body.at("/details/backupStore/status").asText());
            assertFalse(body.at("/details/backupStore/details/writable").asBoolean());
            assertTrue(body.at("/details/backupStore/details/problem").asText().contains("cannot be written"));
            assertEquals(200, OpsHttp.get(url(context), "/health/readiness").statusCode(), "backups never take tools offline");
        }
        try (ApplicationContext context = start(Map.of("db-admin.health.backup-dir", staleBackups.toString()))) {
            JsonNode body = OpsHttp.json(OpsHttp.get(url(context), "/health"));
            assertEquals("DEGRADED", body.at("/details/lastBackup/status").asText(), body.toString());
            assertTrue(body.at("/details/lastBackup/details/ageSeconds").asLong() >= 3 * 86400);
            assertEquals("UP", body.at("/details/backupStore/status").asText());
        }
    }

    @Test
    void detailsAreHiddenFromAnonymousCallersWhenConfigured() {
        try (ApplicationContext context = start(Map.of("db-admin.health.details-visible", "authenticated"))) {
            HttpResponse<String> health = OpsHttp.get(url(context), "/health");
            assertEquals(200, health.statusCode());
            JsonNode body = OpsHttp.json(health);
            assertEquals("UP", body.get("status").asText());
            assertTrue(body.path("details").isMissingNode() || body.get("details").isNull(),
                    "anonymous caller saw details: " + body);
        }
    }

    @Test
    void noBackupYetIsNotAProblem() throws IOException {
        Path empty = Files.createTempDirectory("no-backups").resolve("not-created-yet");
        try (ApplicationContext context = start(Map.of("db-admin.health.backup-dir", empty.toString()))) {
            JsonNode body = OpsHttp.json(OpsHttp.get(url(context), "/health"));
            assertEquals("UP", body.get("status").asText(), body.toString());
            assertTrue(body.at("/details/lastBackup/details/lastSuccess").isNull());
            assertTrue(body.at("/details/backupStore/details/writable").asBoolean(), "the folder can be created");
        }
    }

    private static ApplicationContext start(Map<String, String> overrides) {
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties());
        properties.putAll(overrides);
        return ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
    }

    private static java.net.URL url(ApplicationContext context) {
        return context.getBean(EmbeddedServer.class).getURL();
    }
}
