package com.dbadmin.function;

import com.dbadmin.call.Transport;
import com.dbadmin.support.LambdaContexts;
import com.dbadmin.support.MotoServer;
import com.dbadmin.support.RecordingListener;
import com.dbadmin.support.TestLambdaContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The scheduled backup as it runs in AWS: EventBridge Scheduler invokes the backup function with the
 * schedule's input (events/scheduler-backup-full.json: the Terraform's input with Scheduler's context
 * attributes filled in), the function runs db_backup_full as principal "scheduler", and the backup lands in
 * the S3 bucket (a real S3 API: moto_server on loopback).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduledBackupFunctionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "dbadmin-scheduled-backups";
    private static final String PREFIX = "backups/";

    MotoServer moto;
    ApplicationContext context;
    BackupFunction function;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        moto = MotoServer.start();
        MotoServer.useTestCredentials();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(moto.endpoint() + "/" + BUCKET))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, created.statusCode(), created.body());
        context = LambdaContexts.build(Map.of("test.record-calls", "true",
                "db-admin.backup.s3.bucket", BUCKET,
                "db-admin.backup.s3.prefix", PREFIX,
                "db-admin.backup.s3.endpoint", moto.endpoint(),
                "db-admin.backup.s3.region", "us-east-1"));
        function = new BackupFunction(context);
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

    @Test
    void schedulerInputRunsAFullBackupIntoTheBucket() throws Exception {
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

        HttpResponse<String> listing = http.send(HttpRequest.newBuilder(URI.create(moto.endpoint() + "/" + BUCKET
                + "?list-type=2&prefix=" + PREFIX)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(listing.body().contains("<Key>" + PREFIX), "the backup is in the bucket: " + listing.body());
    }
}
