package com.dbadmin.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.dbadmin.ops.logging.ToolCallLogger;
import com.dbadmin.support.DatabaseTest;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** DB_ADMIN_LOG_TOOL_CALLS=failures: failed calls still get their INFO line, successful ones do not. */
class ToolCallLogLevelTest extends DatabaseTest {
    @Inject
    EmbeddedServer server;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("db-admin.log.tool-calls", "failures");
    }

    @Test
    void onlyFailuresAreLoggedAtInfo() {
        try (LogCapture capture = new LogCapture(ToolCallLogger.class)) {
            assertEquals(200, OpsHttp.post(server.getURL(), "/api/db/query", "{\"table\":\"books\",\"limit\":1}").statusCode());
            assertEquals(404, OpsHttp.post(server.getURL(), "/api/db/query", "{\"table\":\"no_such_table\"}").statusCode());
            List<ILoggingEvent> lines = capture.events();
            assertEquals(1, lines.size(), "only the failed call: " + lines);
            assertEquals(Level.INFO, lines.get(0).getLevel());
            assertEquals("DB_404_NOT_FOUND", capture.json(lines.get(0)).get("code").asText());
        }
    }
}
