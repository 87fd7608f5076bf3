package com.dbadmin.db;

import com.dbadmin.ops.StartupFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One data folder, one instance: a second start on a folder in use fails saying which process holds it and
 * what to set; a second start on its own folder gets its own free port and serves its own folder; a port
 * given explicitly and already taken fails naming DB_ADMIN_EMBEDDED_PORT; a stopped instance leaves no
 * postmaster behind and its folder can be used again.
 */
class EmbeddedInstancesTest {
    @TempDir
    Path root;

    @Test
    void twoInstancesNeverShareAFolderOrAPort() throws Exception {
        Path first = root.resolve("one").resolve("postgres");
        Path second = root.resolve("two").resolve("postgres");
        int firstPort;
        try (EmbeddedDatabase one = EmbeddedDatabase.start(first, 0)) {
            firstPort = one.port();
            assertEquals(first.toRealPath(), Path.of(dataDirectory(one)).toRealPath());

            StartupFailure inUse = assertThrows(StartupFailure.class, () -> EmbeddedDatabase.start(first, 0));
            assertTrue(inUse.explanation().contains(first.toString()), inUse.explanation());
            assertTrue(inUse.explanation().contains("DB_ADMIN_DATA_DIR"), inUse.explanation());
            assertTrue(inUse.explanation().contains("127.0.0.1:" + firstPort), inUse.explanation());
            assertTrue(inUse.explanation().contains("pid=" + ProcessHandle.current().pid())
                    || inUse.explanation().contains("process " + ProcessHandle.current().pid()), inUse.explanation());

            try (EmbeddedDatabase two = EmbeddedDatabase.start(second, 0)) {
                assertNotEquals(firstPort, two.port(), "the second instance takes another free port");
                assertEquals(second.toRealPath(), Path.of(dataDirectory(two)).toRealPath(), "and serves its own folder");
                assertEquals(first.toRealPath(), Path.of(dataDirectory(one)).toRealPath());
            }
            assertFalse(Files.exists(second.resolve("postmaster.pid")), "the second postmaster stopped");

            StartupFailure portTaken = assertThrows(StartupFailure.class,
                    () -> EmbeddedDatabase.start(root.resolve("three").resolve("postgres"), firstPort));
            assertTrue(portTaken.explanation().contains("DB_ADMIN_EMBEDDED_PORT"), portTaken.explanation());
        }
        assertFalse(Files.exists(first.resolve("postmaster.pid")), "the first postmaster stopped");
        try (EmbeddedDatabase again = EmbeddedDatabase.start(first, 0)) {
            assertEquals(first.toRealPath(), Path.of(dataDirectory(again)).toRealPath(), "the folder is free again");
        }
    }

    @Test
    void anUnwritableFolderIsAStartupFailureNamingTheVariables() throws Exception {
        Path file = Files.writeString(root.resolve("a-file"), "not a folder");
        StartupFailure failure = assertThrows(StartupFailure.class, () -> EmbeddedDatabase.start(file.resolve("postgres"), 0));
        assertTrue(failure.explanation().contains("DB_ADMIN_DATA_DIR"), failure.explanation());
        assertTrue(failure.explanation().contains("DATABASE_URL"), failure.explanation());
    }

    private static String dataDirectory(EmbeddedDatabase database) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), null);
             ResultSet rs = connection.createStatement().executeQuery("SHOW data_directory")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
