package com.dbadmin.backup;

import com.dbadmin.support.Databases;
import com.dbadmin.support.ServerContext;
import com.dbadmin.support.SharedServers;
import com.dbadmin.support.TestDatabase;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** BACKUP_SCHEDULE_ENABLED + BACKUP_CRON_SCHEDULE: full backups fire on the cron and never overlap. */
class BackupScheduleTest {

    @Test
    void scheduledBackupsFireOnTheCronWithoutOverlapping() throws Exception {
        String database = Databases.fresh("backup_schedule");
        // Enough rows that one backup takes longer than the one-second cron interval.
        Databases.execute(database, "CREATE TABLE bulk AS SELECT i AS id, repeat(md5(i::text), 8) AS text"
                + " FROM generate_series(1, 300000) i");
        Path store = Files.createTempDirectory("backups-schedule");
        try (ServerContext server = ServerContext.on(database, Map.of("db-admin.backup.dir", store.toString(),
                "db-admin.backup.schedule.enabled", "true", "db-admin.backup.schedule.cron", "* * * * * *",
                "db-admin.backup.retention-days", "0"))) {
            BackupScheduler scheduler = server.bean(BackupScheduler.class);
            await("three scheduled backups").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(scheduler::runs, runs -> runs >= 3);
            List<BackupScheduler.Run> runs = scheduler.recentRuns();
            runs.forEach(run -> assertTrue(run.success(), runs.toString()));
            for (int i = 1; i < runs.size(); i++) {
                assertFalse(runs.get(i).started().isBefore(runs.get(i - 1).finished()),
                        "a run started before the previous one finished: " + runs);
            }
            assertTrue(server.tools().ok("db_list_backups", "{\"type\":\"full\"}").get("total").asInt() >= 3);
            assertTrue(scheduler.lastOutcome().success());
            assertEquals("full", scheduler.lastOutcome().result().get("type").asText());
        }
    }

    @Test
    void noSchedulerWithoutTheSetting() {
        assertTrue(SharedServers.server(TestDatabase.properties()).findBean(BackupScheduler.class).isEmpty());
    }
}
