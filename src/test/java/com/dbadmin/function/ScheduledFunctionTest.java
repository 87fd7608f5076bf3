package com.dbadmin.function;

import com.dbadmin.audit.AuditWriter;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.Transport;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.Fixtures;
import com.dbadmin.support.LambdaContexts;
import com.dbadmin.support.MotoServer;
import com.dbadmin.support.RecordingListener;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.TestLambdaContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The scheduled function as it runs in AWS: EventBridge Scheduler invokes it with the schedule's input
 * (events/scheduler-backup-full.json: the Terraform's input with Scheduler's context attributes filled in), it
 * runs db_backup_full as principal "scheduler", the backup lands in the S3 bucket (a real S3 API: moto_server on
 * loopback) and a CloudWatch embedded-metric line says so on standard output. Failures are function errors,
 * the audit retention runs as a task, and the scheduler's scopes bound what a schedule may run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduledFunctionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "dbadmin-scheduled-backups";
    private static final String PREFIX = "backups/";

    MotoServer moto;
    ApplicationContext context;
    ScheduledFunction function;
    RecordingListener calls;

    @BeforeAll
    void start() {
        moto = MotoServer.start();
        moto.createBucket(BUCKET);
        Map<String, Object> properties = new java.util.HashMap<>(moto.storeProperties(BUCKET, PREFIX));
        properties.put("test.record-calls", "true");
        properties.put("db-admin.lambda.scheduler-scopes", "db:backup,db:read");
        properties.put("db-admin.lambda.deployment", "dbadmin-test");
        properties.put("db-admin.audit.retention-days", "30");
        context = LambdaContexts.build(properties);
        function = new ScheduledFunction(context);
        calls = context.getBean(RecordingListener.class);
    }

    @AfterAll
    void stop() {
        if (context != null) {
            context.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @BeforeEach
    void fixtures() {
        Fixtures.load("lambdalab.sql");
        context.getBean(CatalogCache.class).refresh();
        calls.clear();
    }

    JsonNode invoke(InputStream event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        function.handleRequest(event, out, new TestLambdaContext("dbadmin-prod-scheduled"));
        return JSON.readTree(out.toByteArray());
    }

    JsonNode invoke(String event) throws IOException {
        return invoke(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)));
    }

    /** Runs {@code action} with standard output captured; returns the lines it printed. */
    static List<String> stdout(IoAction action) throws IOException {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    interface IoAction {
        void run() throws IOException;
    }

    @Test
    void schedulerInputRunsAFullBackupIntoTheBucketAndPublishesTheSuccessMetric() throws Exception {
        List<JsonNode> answers = new ArrayList<>();
        List<String> lines = stdout(() -> {
            try (InputStream event = getClass().getResourceAsStream("/events/scheduler-backup-full.json")) {
                answers.add(invoke(event));
            }
        });
        JsonNode answer = answers.get(0);

        assertFalse(answer.has("error"), answer::toString);
        RecordingListener.Completed call = calls.last();
        assertEquals("db_backup_full", call.tool());
        assertTrue(call.outcome().success());
        assertEquals("scheduler", call.caller().principal());
        assertEquals(Transport.SCHEDULER, call.caller().transport());
        assertTrue(call.caller().userAgent().contains("schedule/default/dbadmin-prod-backup-full"), call.caller().userAgent());

        try (var s3 = moto.client()) {
            String key = PREFIX + answer.get("backup").asText();
            assertTrue(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(PREFIX)).contents().stream()
                    .anyMatch(o -> o.key().equals(key)), "the backup is in the bucket: " + key);
        }

        List<JsonNode> metrics = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("{") && line.contains("\"_aws\"")) {
                metrics.add(JSON.readTree(line));
            }
        }
        assertEquals(1, metrics.size(), () -> "one embedded-metric line per backup: " + lines);
        JsonNode emf = metrics.get(0);
        JsonNode directive = emf.get("_aws").get("CloudWatchMetrics").get(0);
        assertTrue(emf.get("_aws").get("Timestamp").asLong() > 1_700_000_000_000L);
        assertEquals(BackupSuccessMetric.NAMESPACE, directive.get("Namespace").asText());
        assertEquals("[[\"Deployment\"]]", directive.get("Dimensions").toString());
        List<String> names = new ArrayList<>();
        directive.get("Metrics").forEach(m -> names.add(m.get("Name").asText()));
        assertEquals(List.of("BackupSucceeded", "BackupDurationMilliseconds", "BackupSizeBytes"), names);
        for (String name : names) {
            assertTrue(emf.get(name).isNumber(), () -> name + " is a number at the top level: " + emf);
        }
        assertEquals("dbadmin-test", emf.get("Deployment").asText());
        assertEquals(1, emf.get("BackupSucceeded").asInt());
        assertEquals(answer.get("size").asLong(), emf.get("BackupSizeBytes").asLong());
    }

    @Test
    void anEventBridgeRuleScheduledEventCarriesTheCallInItsDetail() throws IOException {
        JsonNode answer = invoke(getClass().getResourceAsStream("/events/eventbridge-scheduled-event.json"));

        assertEquals("first", answer.get("records").get(0).get("title").asText(), answer::toString);
        assertEquals("scheduler", calls.last().caller().principal());
        assertTrue(calls.last().caller().userAgent().contains("rule/dbadmin-prod-nightly-report"));
    }

    @Test
    void aFailedScheduledCallIsAFunctionErrorAfterItWasAudited() throws Exception {
        String failing = "{\"tool\":\"db_query_records\",\"arguments\":{\"table\":\"no_such_table\"},"
                + "\"scheduler\":{\"schedule_arn\":\"arn:aws:scheduler:us-east-1:123456789012:schedule/default/x\"}}";
        ScheduledToolFailedException failed = assertThrows(ScheduledToolFailedException.class, () -> invoke(failing));
        assertEquals(ErrorCode.DB_404_NOT_FOUND, failed.error().code());
        assertTrue(failed.getMessage().startsWith("Scheduled db_query_records failed: DB_404_NOT_FOUND"), failed.getMessage());
        assertEquals(ErrorCode.DB_404_NOT_FOUND, calls.last().outcome().error().code(), "audited before it was thrown");

        ScheduledToolFailedException malformed = assertThrows(ScheduledToolFailedException.class,
                () -> invoke("{\"tool\":\"db_query_records\",\"argumnets\":{},\"scheduler\":{}}"));
        assertEquals(ErrorCode.DB_400_VALIDATION, malformed.error().code());
        assertEquals(ErrorCode.DB_400_VALIDATION, calls.last().outcome().error().code());

        assertThrows(ScheduledToolFailedException.class, () -> invoke("not json"));
    }

    @Test
    void aScheduleMayRunOnlyWhatTheSchedulerScopesAllow() {
        String write = "{\"tool\":\"db_insert_record\",\"arguments\":{\"table\":\"lambdalab.notes\",\"data\":{\"title\":\"sched\"}}}";
        ScheduledToolFailedException refused = assertThrows(ScheduledToolFailedException.class, () -> invoke(write));
        assertEquals(ErrorCode.DB_403_ACCESS_DENIED, refused.error().code());
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM lambdalab.notes WHERE title = 'sched'"));
    }

    @Test
    void theAuditRetentionTaskPurgesOldRows() throws Exception {
        assertTrue(context.getBean(AuditWriter.class).awaitWritten(Duration.ofSeconds(20)));
        TestDatabase.execute("INSERT INTO dbadmin.audit_log (\"timestamp\", user_id, authenticated, transport, operation,"
                + " duration_ms, success) VALUES (now() - interval '400 days', 'retention-probe', true, 'rest', 'x', 1, true),"
                + " (now() - interval '1 day', 'retention-keep', true, 'rest', 'x', 1, true)");

        JsonNode answer = invoke("{\"task\":\"audit-retention\",\"scheduler\":{\"schedule_arn\":\"arn:x\"}}");

        assertEquals("audit-retention", answer.get("task").asText(), answer::toString);
        assertEquals(30, answer.get("retention_days").asInt());
        assertTrue(answer.get("deleted").asLong() >= 1, answer::toString);
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM dbadmin.audit_log WHERE user_id = 'retention-probe'"));
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM dbadmin.audit_log WHERE user_id = 'retention-keep'"));
        TestDatabase.execute("DELETE FROM dbadmin.audit_log WHERE user_id = 'retention-keep'");
    }

    @Test
    void noTimerPurgesTheAuditLogInsideALambdaSandbox() {
        assertTrue(context.findBeanDefinition(com.dbadmin.audit.AuditRetention.class).isPresent());
        assertTrue(context.getAllBeanDefinitions().stream()
                .noneMatch(d -> d.getBeanType().getSimpleName().equals("AuditRetentionTimer")),
                "the @Scheduled purge does not exist in the lambda environment");
    }
}
