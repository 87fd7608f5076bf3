package com.dbadmin.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The test run says which PostgreSQL it used and never quietly swaps one for the other: asking for containers
 * without Docker fails, and the choice is recorded in target/test-backends.txt.
 */
class TestPostgresTest {

    @AfterEach
    void clear() {
        System.clearProperty("db-admin.test.postgres");
    }

    @Test
    void theRunRecordsWhichServerItTested() throws Exception {
        TestPostgres.Server server = TestDatabase.postgres();
        assertTrue(server.description().contains("PostgreSQL "), server.description());
        assertTrue(server.description().startsWith(TestPostgres.dockerAvailable() ? "container" : "embedded"),
                server.description());
        String recorded = Files.readString(Path.of("target", "test-backends.txt"));
        assertTrue(recorded.contains(server.description()), recorded);
    }

    @Test
    void askingForContainersWithoutDockerFailsInsteadOfFallingBack() {
        System.setProperty("db-admin.test.postgres", "testcontainers");
        if (TestPostgres.dockerAvailable()) {
            TestPostgres.Server server = TestPostgres.start();
            assertTrue(server.description().startsWith("container postgres:"), server.description());
        } else {
            IllegalStateException refused = assertThrows(IllegalStateException.class, TestPostgres::start);
            assertTrue(refused.getMessage().contains("no Docker engine"), refused.getMessage());
        }
    }

    @Test
    void anUnknownChoiceIsAnError() {
        System.setProperty("db-admin.test.postgres", "sqlite");
        assertThrows(IllegalStateException.class, TestPostgres::start);
    }
}
