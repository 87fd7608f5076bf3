package com.dbadmin.ops;

import com.dbadmin.ops.health.HealthSettings;
import com.dbadmin.ops.health.LocalBackupDirectoryStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

class LocalBackupDirectoryStatusTest {

    private static LocalBackupDirectoryStatus status(Path dir) {
        HealthSettings settings = new HealthSettings();
        settings.setBackupDir(dir.toString());
        return new LocalBackupDirectoryStatus(settings);
    }

    @Test
    void newestFinishedBackupByTheTimeInItsName(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("backup-full-20250101-020000.sql.gz"), "x");
        Files.writeString(dir.resolve("backup-table-books-20250102-031500.sql"), "x");
        Files.createDirectory(dir.resolve("backup-incremental-20250102-010000"));
        Files.writeString(dir.resolve("backup-full-20250103-020000.sql.gz.tmp"), "still writing");
        Files.writeString(dir.resolve("backup-full-notatime.sql"), "x");
        Files.writeString(dir.resolve("export-books-20250109-000000.json"), "not a backup");
        assertEquals(Instant.parse("2025-01-02T03:15:00Z"), status(dir).lastSuccess().orElseThrow());
    }

    @Test
    void spaceAndWritability(@TempDir Path dir) throws IOException {
        LocalBackupDirectoryStatus status = status(dir);
        assertTrue(status.writable());
        assertTrue(status.freeBytes() > 0 && status.totalBytes() >= status.freeBytes());
        assertTrue(status.lastSuccess().isEmpty());
        assertEquals(dir.toAbsolutePath().toString(), status.location());

        LocalBackupDirectoryStatus notYetCreated = status(dir.resolve("a/b"));
        assertTrue(notYetCreated.writable(), "the first backup creates the folder");
        assertTrue(notYetCreated.lastSuccess().isEmpty());

        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        assertFalse(status(file.resolve("backups")).writable());
    }
}
