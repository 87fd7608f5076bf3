package com.dbadmin.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A database outage and its end, against the server's own PostgreSQL (not the shared test database):
 * readiness goes DOWN (503) while liveness stays UP, tool calls fail with DB_503_UNAVAILABLE, and when
 * PostgreSQL is back on the same port everything recovers without restarting the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private Path dataDir;
    private int port;
    private EmbeddedPostgres postgres;
    private ApplicationContext context;
    private URL server;

    @BeforeAll
    void start() throws IOException {
        dataDir = Files.createTempDirectory("outage-pg");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        postgres = startPostgres();
        try (var connection = postgres.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE outage_probe (id int PRIMARY KEY)");
            statement.execute("INSERT INTO outage_probe VALUES (1)");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        context = ApplicationContext.run(Map.of(
                "db-admin.database.url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "db-admin.database.username", "postgres",
                "db-admin.database.pool-size", "3",
                "db-admin.health.database-timeout", "1s",
                "db-admin.health.database-probe-interval", "1s",
                "micronaut.server.port", "-1"));
        context.getBean(EmbeddedServer.class).start();
        server = context.getBean(EmbeddedServer.class).getURL();
    }

    private EmbeddedPostgres startPostgres() throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    @AfterAll
    void stop() throws IOException {
        if (context != null) {
            context.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void readinessFollowsTheDatabaseDownAndBackUpWithoutARestart() throws Exception {
        assertEquals(200, OpsHttp.get(server, "/health/readiness").statusCode());
        assertEquals(200, OpsHttp.post(server, "/api/tools/db_query_records", "{\"table\":\"outage_probe\"}").statusCode());
        assertEquals(1.0, databaseUp());

        postgres.close();
        postgres = null;

        HttpResponse<String> notReady = awaitAnswer("/health/readiness", r -> r.statusCode() == 503);
        JsonNode readiness = OpsHttp.json(notReady);
        assertEquals("DOWN", readiness.get("status").asText());
        assertEquals("DOWN", readiness.at("/details/database/status").asText());
        assertFalse(readiness.at("/details/database/details/connected").asBoolean());
        String error = readiness.at("/details/database/details/error").asText();
        assertFalse(error.isBlank(), readiness.toString());

        HttpResponse<String> health = OpsHttp.get(server, "/health");
        assertEquals(503, health.statusCode(), "DOWN maps to 503 on /health too");
        assertEquals(200, OpsHttp.get(server, "/health/liveness").statusCode(), "liveness never includes the database");
        awaitDatabaseUp(0.0);

        HttpResponse<String> call = OpsHttp.post(server, "/api/tools/db_query_records", "{\"table\":\"outage_probe\"}");
        assertEquals(503, call.statusCode(), call.body());
        assertEquals("DB_503_UNAVAILABLE", OpsHttp.json(call).at("/error/code").asText());

        postgres = startPostgres();

        HttpResponse<String> ready = awaitAnswer("/health/readiness", r -> r.statusCode() == 200);
        assertEquals("UP", OpsHttp.json(ready).at("/details/database/status").asText());
        assertEquals(200, OpsHttp.get(server, "/health").statusCode());
        awaitDatabaseUp(1.0);

        HttpResponse<String> recovered = OpsHttp.post(server, "/api/tools/db_query_records", "{\"table\":\"outage_probe\"}");
        assertEquals(200, recovered.statusCode(), recovered.body());
        assertEquals(1, OpsHttp.json(recovered).at("/records/0/id").asInt());
    }

    private HttpResponse<String> awaitAnswer(String path, Predicate<HttpResponse<String>> condition) {
        return await("GET " + path + " to answer as expected").atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                .until(() -> OpsHttp.get(server, path), condition);
    }

    private void awaitDatabaseUp(double expected) {
        await("db_admin_database_up to become " + expected).atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                .until(this::databaseUp, up -> up == expected);
    }

    private double databaseUp() {
        return PrometheusScrape.parse(OpsHttp.get(server, "/prometheus").body()).value("db_admin_database_up", Map.of());
    }
}
