package com.dbadmin;

import com.dbadmin.guard.Limits;
import com.dbadmin.guard.TablePolicy;
import com.dbadmin.support.TestDatabase;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Settings are bound and checked when the server starts: a value outside what a setting allows stops
 * start-up with a message naming the environment variable, the property and what is allowed.
 */
class SettingsConfigurationTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "db-admin.audit.retention-days     | -1        | DB_ADMIN_AUDIT_RETENTION_DAYS (db-admin.audit.retention-days) must be 0",
            "db-admin.rate-limit.requests      | -5        | DB_ADMIN_RATE_LIMIT (db-admin.rate-limit.requests) must be 0 (no limit)",
            "db-admin.backup.compression       | zstd      | BACKUP_COMPRESSION (db-admin.backup.compression) must be gzip or none",
            "db-admin.backup.retention-days    | -30       | BACKUP_RETENTION_DAYS (db-admin.backup.retention-days) must be 0",
            "db-admin.backup.compression-level | 10        | BACKUP_COMPRESSION_LEVEL (db-admin.backup.compression-level) must be",
            "db-admin.backup.store             | ftp       | BACKUP_STORE (db-admin.backup.store) must be local, s3 or empty",
            "db-admin.limits.max-rows          | 0         | DB_ADMIN_MAX_ROWS (db-admin.limits.max-rows) must be at least 1",
            "db-admin.limits.max-affected-rows | -1        | DB_ADMIN_MAX_AFFECTED_ROWS (db-admin.limits.max-affected-rows) must be 0",
            "db-admin.database.pool-size       | 0         | DB_ADMIN_POOL_SIZE (db-admin.database.pool-size) must be at least 1",
            "db-admin.database.pooler          | pgcat     | DB_ADMIN_POOLER (db-admin.database.pooler) must be auto, none,",
            "db-admin.health.details-visible   | sometimes | DB_ADMIN_HEALTH_DETAILS (db-admin.health.details-visible) must be auto,",
            "db-admin.log.tool-calls           | some      | DB_ADMIN_LOG_TOOL_CALLS (db-admin.log.tool-calls) must be 'all' or",
    })
    void aValueOutsideItsRangeStopsStartup(String property, String value, String expected) {
        String message = startupFailure(Map.of(property, value));
        assertTrue(message.contains(expected), message);
        assertTrue(message.contains("not " + value) || message.contains("not '" + value + "'"),
                "the message says which value was refused: " + message);
    }

    @Test
    void environmentListsAndDurationsBindAsConfigured() {
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties());
        properties.put("db-admin.policy.restricted-tables", " Users, sales.Orders ,,audit_trail ");
        properties.put("db-admin.policy.read-only-tables", "");
        properties.put("db-admin.limits.statement-timeout", "45s");
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            TablePolicy policy = context.getBean(TablePolicy.class);
            assertEquals(Set.of("users", "sales.orders", "audit_trail"), policy.restrictedNames());
            assertFalse(policy.isReadOnly("public", "books"), "an empty list restricts nothing");
            assertEquals(Duration.ofSeconds(45), context.getBean(Limits.class).statementTimeout());
        }
    }

    private static String startupFailure(Map<String, String> settings) {
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties());
        properties.putAll(settings);
        Exception failure = assertThrows(Exception.class, () -> ApplicationContext.run(properties).close(),
                "start-up must fail for " + settings);
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
