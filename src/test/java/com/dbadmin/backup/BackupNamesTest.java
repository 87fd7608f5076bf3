package com.dbadmin.backup;

import com.dbadmin.backup.format.BackupType;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

/** The naming scheme of the store, and what it refuses. */
class BackupNamesTest {
    static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");

    @Test
    void namesFollowTheDocumentedPattern() {
        assertEquals("backup-full-20250102-030405", BackupNames.newBackupId(BackupType.FULL, AT, null));
        assertEquals("backup-table-20250102-030405-public.books", BackupNames.newBackupId(BackupType.TABLE, AT, "public.books"));
        assertEquals("backup-table-20250102-030405-Other_Schema.Odd__Name__Table",
                BackupNames.newBackupId(BackupType.TABLE, AT, "Other Schema.Odd \"Name\" Table"));
        assertEquals("backup-full-20250102-030405.sql.gz", BackupNames.dataFile("backup-full-20250102-030405", "gzip", false));
        assertEquals("backup-full-20250102-030405.sql.gz.enc", BackupNames.dataFile("backup-full-20250102-030405", "gzip", true));
        assertEquals("backup-full-20250102-030405.manifest.json", BackupNames.manifestFile("backup-full-20250102-030405"));
    }

    @Test
    void clientsNameBackupsByFileIdOrManifest() {
        String id = "backup-table-20250102-030405-public.books";
        for (String name : new String[]{id, id + ".sql", id + ".sql.gz", id + ".sql.gz.enc", id + ".manifest.json"}) {
            assertEquals(id, BackupNames.backupIdOf(name, "backupFile"), name);
        }
        String tricky = BackupNames.newBackupId(BackupType.TABLE, AT, "public.x.sql");
        assertEquals(tricky, BackupNames.backupIdOf(BackupNames.dataFile(tricky, "gzip", false), "backupFile"));
        assertEquals(BackupType.EXPORT, BackupNames.typeOf(BackupNames.newExportId(AT, "public.books", "csv")));
    }

    @Test
    void anythingElseIsAValidationError() {
        for (String bad : new String[]{"../backup-full-20250102-030405.sql.gz", "/abs/backup-full-20250102-030405.sql.gz",
                "backup-full-20250102-030405.sql.gz/..", "dir\\backup-full-20250102-030405.sql", "backup-full-2025.sql",
                "backup-weekly-20250102-030405.sql", "backup-full-20250102-030405.sql.zip", "", " ",
                "backup-full-20250102-030405.sql\n", "C:backup-full-20250102-030405.sql"}) {
            ToolException error = assertThrows(ToolException.class, () -> BackupNames.backupIdOf(bad, "backupFile"), bad);
            assertEquals(ErrorCode.DB_400_VALIDATION, error.code());
        }
        assertThrows(ToolException.class, () -> BackupNames.backupIdOf(
                BackupNames.newExportId(AT, "public.books", "json"), "backupFile"), "exports are not backups");
        assertEquals("rows.csv.gz", BackupNames.importFile("rows.csv.gz", "csvFile", "csv"));
        assertThrows(ToolException.class, () -> BackupNames.importFile("rows.json", "csvFile", "csv"));
        assertThrows(ToolException.class, () -> BackupNames.importFile("a..csv", "csvFile", "csv"));
    }
}
