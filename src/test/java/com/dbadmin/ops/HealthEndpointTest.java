package com.dbadmin.ops;

import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.MutableClock;
import com.dbadmin.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** /health, /health/liveness and /health/readiness: details, statuses and HTTP codes. */
class HealthEndpointTest extends DatabaseTest {
    @Inject
    EmbeddedServer server;

    /** A real full backup through the tool, as the scheduler or an operator takes it. */
    private static void fullBackup(java.net.URL server) {
        HttpResponse<String> backup = OpsHttp.post(server, "/api/tools/db_backup_full", "{}");
        assertEquals(200, backup.statusCode(), backup.body());
    }

    @Test
    void healthShowsDatabasePoolBackupsAndVersion() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        fullBackup(server.getURL());
        Instant after = Instant.now();

        HttpResponse<String> response = OpsHttp.get(server.getURL(), "/health");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode health = OpsHttp.json(response);
        assertEquals("UP", health.get("status").asText());
        JsonNode details = health.get("details");

        JsonNode database = details.get("database");
        assertEquals("UP", database.get("status").asText());
        assertTrue(database.at("/details/connected").asBoolean());
        assertTrue(database.at("/details/serverVersion").asText().startsWith("15."), database.toString());
        assertEquals(TestDatabase.jdbcUrl(), database.at("/details/target").asText());
        JsonNode pool = database.at("/details/pool");
        assertEquals(5, pool.get("size").asInt());
        for (String field : new String[]{"active", "idle", "waiting", "total"}) {
            assertTrue(pool.get(field).isInt(), field + " in " + pool);
        }
        assertTrue(pool.get("active").asInt() + pool.get("idle").asInt() <= 5);

        JsonNode store = details.at("/backupStore/details");
        assertEquals("UP", details.at("/backupStore/status").asText());
        assertEquals(TestDatabase.backupDir().toAbsolutePath().toString(), store.get("location").asText());
        assertTrue(store.get("writable").asBoolean());
        long free = store.get("freeBytes").asLong();
        long used = store.get("usedBytes").asLong();
        assertTrue(free > 0 && used >= 0);
        assertEquals(store.get("totalBytes").asLong(), free + used);
        assertTrue(store.get("free").asText().matches("[0-9.]+ [KMGTP]?B"), store.toString());

        JsonNode last = details.at("/lastBackup/details");
        assertEquals("UP", details.at("/lastBackup/status").asText());
        Instant lastSuccess = Instant.parse(last.get("lastSuccess").asText());
        assertFalse(lastSuccess.isBefore(before) || lastSuccess.isAfter(after), "the backup just taken: " + last);
        long age = last.get("ageSeconds").asLong();
        assertTrue(age >= 0 && age < 600, "age " + age);

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
    void anUnwritableBackupFolderDegradesHealthWithoutTakingTheServerOutOfService() throws Exception {
        // The backup folder's parent is a regular file: backups cannot be created there (even as root).
        Path blocker = Files.createTempFile("not-a-folder", ".txt");
        try (ApplicationContext context = start(Map.of(
                "db-admin.backup.dir", blocker.resolve("backups").toString()))) {
            HttpResponse<String> health = OpsHttp.get(url(context), "/health");
            assertEquals(200, health.statusCode(), health.body());
            JsonNode body = OpsHttp.json(health);
            assertEquals("DEGRADED", body.get("status").asText());
            assertEquals("DEGRADED", body.at("/details/backupStore/status").asText());
            assertFalse(body.at("/details/backupStore/details/writable").asBoolean());
            assertTrue(body.at("/details/backupStore/details/problem").asText().contains("cannot be written"));
            assertEquals(200, OpsHttp.get(url(context), "/health/readiness").statusCode(), "backups never take tools offline");
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
    void noBackupYetIsUpAndTheLastBackupDegradesHealthOnceOlderThanTheMaximumAge() throws IOException {
        Path notCreatedYet = Files.createTempDirectory("no-backups").resolve("not-created-yet");
        try (ApplicationContext context = start(Map.of("db-admin.backup.dir", notCreatedYet.toString(),
                MutableClock.PROPERTY.getKey(), MutableClock.PROPERTY.getValue()))) {
            JsonNode body = OpsHttp.json(OpsHttp.get(url(context), "/health"));
            assertEquals("UP", body.get("status").asText(), body.toString());
            assertTrue(body.at("/details/lastBackup/details/lastSuccess").isNull());
            assertTrue(body.at("/details/backupStore/details/writable").asBoolean(), "the folder can be created");

            fullBackup(url(context));
            MutableClock clock = context.getBean(MutableClock.class);
            // The default maximum age: a daily schedule and a margin.
            clock.advance(Duration.ofHours(26));
            body = OpsHttp.json(OpsHttp.get(url(context), "/health"));
            assertEquals("UP", body.at("/details/lastBackup/status").asText(), body.toString());
            assertEquals(Duration.ofHours(26).toSeconds(), body.at("/details/lastBackup/details/maxAgeSeconds").asLong());

            clock.advance(Duration.ofHours(1));
            body = OpsHttp.json(OpsHttp.get(url(context), "/health"));
            assertEquals("DEGRADED", body.get("status").asText(), body.toString());
            assertEquals("DEGRADED", body.at("/details/lastBackup/status").asText(), body.toString());
            assertTrue(body.at("/details/lastBackup/details/ageSeconds").asLong() > Duration.ofHours(26).toSeconds(), body.toString());
            assertTrue(body.at("/details/lastBackup/details/problem").asText().contains("older than"), body.toString());
            assertEquals("UP", body.at("/details/backupStore/status").asText());
            assertEquals(200, OpsHttp.get(url(context), "/health/readiness").statusCode(), "backups never take tools offline");
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
