package com.dbadmin.db;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** DB_ADMIN_BEHIND_POOLER (the switch the deployment guides name) and DB_ADMIN_POOLER choose the pooler mode together. */
class DatabaseSettingsTest {

    private static DatabaseSettings settings(String pooler, String behindPooler) {
        return new DatabaseSettings(null, null, null, 10, false, null, pooler, behindPooler, null, null,
                Duration.ofSeconds(30));
    }

    @Test
    void behindPoolerTrueMeansTransactionPoolingAndFalseNone() {
        assertEquals("transaction", settings("auto", "true").poolerMode());
        assertEquals("none", settings("auto", "false").poolerMode());
        assertEquals("auto", settings("auto", "auto").poolerMode(), "neither set: detect");
    }

    @Test
    void aPoolerModeNamedOutrightWins() {
        assertEquals("session", settings("session", "true").poolerMode());
        assertEquals("none", settings("none", "true").poolerMode());
        assertEquals("transaction", settings("transaction", "false").poolerMode());
    }
}
