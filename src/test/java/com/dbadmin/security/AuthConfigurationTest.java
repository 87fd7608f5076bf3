package com.dbadmin.security;

import com.dbadmin.support.TestDatabase;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Credentials configured wrongly stop start-up with a message that says how to fix them (and no secret). */
class AuthConfigurationTest {

    private static String startupFailure(String key, String value) {
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties());
        properties.put(key, value);
        Exception failure = assertThrows(Exception.class, () -> {
            try (ApplicationContext ignored = ApplicationContext.run(properties)) {
                fail("start-up must fail for " + key);
            }
        });
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    @Test
    void aShortSecretIsRefused() {
        String message = startupFailure("db-admin.auth.jwt-secret", "too-short-secret");
        assertTrue(message.contains("at least 32 bytes"), message);
        assertFalse(message.contains("too-short-secret"), "the secret is not echoed");
    }

    @Test
    void theExamplePlaceholderIsRefused() {
        String message = startupFailure("db-admin.auth.jwt-secret", "REPLACE_WITH_OUTPUT_OF_openssl_rand_base64_48");
        assertTrue(message.contains("placeholder"), message);
    }

    @Test
    void malformedApiKeysAreRefusedNamingTheEntry() {
        String message = startupFailure("db-admin.auth.api-keys", "good:" + "a".repeat(64) + ":db:read,broken:not-a-hash:db:read");
        assertTrue(message.contains("entry 2 ('broken')"), message);
        assertTrue(message.contains("sha256sum"), message);
    }
}
