package com.dbadmin.security;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.dbadmin.audit.AuditWriter;
import com.dbadmin.support.Http;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Secrets (the database password in DATABASE_URL, the JWT secret, API keys, presented tokens) never
 * appear in logs, error bodies, metrics or audit rows, from start-up through failing calls.
 */
class SecretsStayOutTest {
    private static final String DB_PASSWORD = "Pg-S3cret-Passw0rd";
    private static final String API_KEY = "api-key-that-must-stay-secret-42";

    @Test
    void secretsNeverReachLogsErrorsMetricsOrAudit() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties());
        properties.put("db-admin.database.url", "postgresql://postgres:" + DB_PASSWORD + "@127.0.0.1:" + TestDatabase.port() + "/postgres");
        properties.remove("db-admin.database.username");
        properties.put("db-admin.auth.jwt-secret", Tokens.SECRET);
        properties.put("db-admin.auth.api-keys", Tokens.apiKeyEntry("secret-test", API_KEY, "db:admin"));
        String validToken = Tokens.hs256("secret-user", "db:admin");
        String forgedToken = Tokens.hs256("another-secret-that-is-also-long-enough-0123456789", Tokens.claims("x", "db:admin").build());
        List<String> bodies = new ArrayList<>();
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties)) {
            Http http = new Http(server.getURL());
            List<HttpResponse<String>> responses = List.of(
                    http.post("/api/db/query", "{\"table\":\"books\",\"limit\":1}", Http.bearer(validToken)),
                    http.post("/api/db/query", "{\"table\":\"books\"}", Http.bearer(forgedToken)),
                    http.post("/api/db/query", "{\"table\":\"books\"}", "Authorization", "Basic " + API_KEY),
                    http.post("/api/db/insert", "{\"table\":\"authors\",\"data\":{\"name\":\"S\",\"no_col\":1}}", Http.bearer(API_KEY)),
                    http.post("/api/db/update", "{\"table\":\"books\",\"data\":{\"word_count\":\"NaN-" + DB_PASSWORD + "\"},"
                            + "\"where\":{\"id\":1}}", Http.bearer(API_KEY)),
                    http.post("/api/db/query", "{\"table\":\"users\"}", Http.bearer(validToken)),
                    http.mcp("tools/list", null, Http.bearer(forgedToken)));
            responses.forEach(response -> bodies.add(response.statusCode() + " " + response.headers().map() + " " + response.body()));
            assertEquals(200, responses.get(0).statusCode(), bodies.get(0));
            assertEquals(401, responses.get(1).statusCode());
            assertTrue(server.getApplicationContext().getBean(AuditWriter.class).awaitWritten(Duration.ofSeconds(20)));

            MeterRegistry meters = server.getApplicationContext().getBean(MeterRegistry.class);
            StringBuilder metrics = new StringBuilder();
            meters.getMeters().forEach(meter -> metrics.append(meter.getId()).append('\n'));
            assertNoSecret("metrics", metrics.toString(), validToken, forgedToken);
        } finally {
            root.detachAppender(logs);
        }

        StringBuilder logText = new StringBuilder();
        for (ILoggingEvent event : logs.list) {
            logText.append(event.getFormattedMessage()).append('\n');
            if (event.getThrowableProxy() != null) {
                logText.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
            }
        }
        assertTrue(logText.toString().contains("Database: jdbc:postgresql://127.0.0.1"), "start-up logged the database");
        assertNoSecret("logs", logText.toString(), validToken, forgedToken);
        // Error bodies may echo the caller's own request values (here the malformed number), never credentials.
        bodies.forEach(body -> assertNoSecret("response", body.replace("NaN-" + DB_PASSWORD, "NaN-<input>"), validToken, forgedToken));
        String audit = auditText();
        assertNoSecret("audit", audit.replace("NaN-" + DB_PASSWORD, "NaN-<input>"), validToken, forgedToken);
    }

    private static void assertNoSecret(String where, String text, String... tokens) {
        for (String secret : List.of(DB_PASSWORD, Tokens.SECRET, API_KEY)) {
            assertFalse(text.contains(secret), where + " contains a secret: " + secret);
        }
        for (String token : tokens) {
            assertFalse(text.contains(token), where + " contains a bearer token");
            assertFalse(text.contains(token.substring(token.lastIndexOf('.') + 1)), where + " contains a token signature");
        }
    }

    private static String auditText() {
        try (var connection = TestDatabase.connect(); var statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT coalesce(string_agg(a::text, E'\\n'), '') FROM dbadmin.audit_log a")) {
            rs.next();
            return rs.getString(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
