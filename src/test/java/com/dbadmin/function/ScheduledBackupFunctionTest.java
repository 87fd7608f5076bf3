package com.dbadmin.function;

import com.dbadmin.support.LambdaContexts;
import com.dbadmin.support.RecordingListener;
import com.dbadmin.support.TestLambdaContext;
import com.dbadmin.tool.Transport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The scheduled backup as EventBridge Scheduler runs it: the backup function receives the schedule's input
 * (events/scheduler-backup-full.json, the Terraform's input after Scheduler filled in its context attributes)
 * and runs db_backup_full as principal "scheduler".
 *
 * <p>Needs the backup tools (issue 5): db_backup_full is not on the issue-6 branch alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduledBackupFunctionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path backups;
    ApplicationContext context;
    BackupFunction function;

    @BeforeAll
    void start() {
        context = LambdaContexts.build(Map.of("test.record-calls", "true", "BACKUP_DIR", backups.toString(),
                "db-admin.backup.dir", backups.toString()));
        function = new BackupFunction(context);
    }

    @AfterAll
    void stop() {
        context.close();
    }

    @Test
    void schedulerInputRunsAFullBackup() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream event = getClass().getResourceAsStream("/events/scheduler-backup-full.json")) {
            function.handleRequest(event, out, new TestLambdaContext("dbadmin-prod-backup"));
        }
        JsonNode answer = JSON.readTree(out.toByteArray());

        assertFalse(answer.has("error"), answer::toString);
        RecordingListener.Completed call = context.getBean(RecordingListener.class).last();
        assertEquals("db_backup_full", call.tool());
        assertTrue(call.outcome().success());
        assertEquals("scheduler", call.caller().principal());
        assertEquals(Transport.SCHEDULER, call.caller().transport());
    }
}
