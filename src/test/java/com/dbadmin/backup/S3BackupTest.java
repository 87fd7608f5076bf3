package com.dbadmin.backup;

import com.dbadmin.backup.format.BackupType;
import com.dbadmin.backup.store.BackupStore;
import com.dbadmin.backup.store.S3BackupStore;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;
import com.dbadmin.ops.BackupStatusSource;
import com.dbadmin.support.Databases;
import com.dbadmin.support.MotoServer;
import com.dbadmin.support.ServerContext;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Backups to a real S3-compatible server (moto_server on loopback): multipart uploads, server-side
 * encryption, restores from S3 with and without client-side encryption, and failures that must leave
 * nothing listed and no multipart upload behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3BackupTest {
    static final String SOURCE = "backup_s3_src";
    static final String BUCKET = "db-backups";

    MotoServer moto;

    @BeforeAll
    void start() {
        moto = MotoServer.start();
        moto.createBucket(BUCKET);
        RichDatabase.create(SOURCE);
    }

    @AfterAll
    void stop() {
        if (moto != null) {
            moto.close();
        }
    }

    private Map<String, String> s3(String prefix, boolean encrypted) {
        Map<String, String> properties = new HashMap<>(moto.storeProperties(BUCKET, prefix));
        properties.put("db-admin.backup.s3.sse", "AES256");
        if (encrypted) {
            properties.put("db-admin.backup.encryption-key", BackupFidelityTest.KEY);
        }
        return properties;
    }

    @Test
    void uncompressedBackupGoesUpInPartsAndRestoresFromS3() {
        Map<String, String> settings = s3("plain/", false);
        String name;
        try (ServerContext source = ServerContext.on(SOURCE, settings)) {
            ObjectNode result = source.tools().ok("db_backup_full", "{\"compress\":false}");
            name = result.get("backup").asText();
            assertTrue(name.endsWith(".sql"), name);
            assertTrue(result.get("size").asLong() > S3BackupStore.MIN_PART_SIZE, "large enough for several parts");
            assertEquals("s3://" + BUCKET + "/plain/", result.get("location").asText());
            S3BackupStore store = (S3BackupStore) source.bean(BackupStore.class);
            assertEquals("AES256", store.serverSideEncryption(name).orElse(null), "server-side encryption requested");
        }
        try (S3Client s3 = moto.client()) {
            List<String> keys = s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("plain/")).contents().stream()
                    .map(S3Object::key).toList();
            assertTrue(keys.contains("plain/" + name), keys.toString());
            assertTrue(keys.contains("plain/" + name.replace(".sql", ".manifest.json")), keys.toString());
            assertTrue(s3.listMultipartUploads(r -> r.bucket(BUCKET)).uploads().isEmpty(), "no upload left open");
        }
        String target = Databases.fresh("backup_s3_plain_target");
        try (ServerContext restore = ServerContext.on(target, settings)) {
            ObjectNode listed = restore.tools().ok("db_list_backups", "{}");
            assertEquals(name, listed.get("backups").get(0).get("backup").asText());
            assertTrue(restore.tools().ok("db_validate_backup", "{\"backupFile\":\"" + name + "\"}").get("valid").asBoolean());
            restore.tools().ok("db_restore_full", "{\"backupFile\":\"" + name + "\"}");
        }
        RichDatabase.assertSameDatabase(SOURCE, target);
    }

    @Test
    void encryptedCompressedBackupRestoresFromS3() {
        Map<String, String> settings = s3("encrypted/", true);
        String name;
        try (ServerContext source = ServerContext.on(SOURCE, settings)) {
            name = source.tools().ok("db_backup_full", "{}").get("backup").asText();
        }
        assertTrue(name.endsWith(".sql.gz.enc"), name);
        String target = Databases.fresh("backup_s3_enc_target");
        try (ServerContext restore = ServerContext.on(target, settings)) {
            restore.tools().ok("db_restore_full", "{\"backupFile\":\"" + name + "\"}");
        }
        RichDatabase.assertSameDatabase(SOURCE, target);
    }

    @Test
    void failedUploadsLeaveNothingListedAndNoOpenUpload() {
        Map<String, String> settings = s3("failing/", false);
        try (ServerContext source = ServerContext.on(SOURCE, settings)) {
            BackupService service = source.bean(BackupService.class);
            BackupStore failing = new FailingStore(source.bean(BackupStore.class), 6L * 1024 * 1024,
                    "Connection reset by peer");
            ToolException error = assertThrows(ToolException.class, () -> service.run(BackupType.FULL, null, false,
                    failing, (dumper, prepared) -> new BackupService.Planned(prepared.planner().full(true, true), true,
                            true, null, null, null, null)));
            assertEquals(ErrorCode.DB_503_UNAVAILABLE, error.code());
            assertTrue(error.getMessage().contains("Connection reset by peer"), error.getMessage());
            assertEquals(0, source.tools().ok("db_list_backups", "{}").get("count").asInt());
        }
        try (S3Client s3 = moto.client()) {
            assertEquals(0, s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("failing/")).keyCount());
            assertTrue(s3.listMultipartUploads(r -> r.bucket(BUCKET)).uploads().isEmpty(), "the upload was aborted");
        }
    }

    @Test
    void aMissingBucketFailsTheBackupClearly() {
        Map<String, String> settings = new HashMap<>(moto.storeProperties("no-such-bucket", ""));
        try (ServerContext source = ServerContext.on(SOURCE, settings)) {
            var outcome = source.tools().fails(ErrorCode.DB_503_UNAVAILABLE, "db_backup_full", "{}");
            assertTrue(outcome.error().getMessage().contains("NoSuchBucket"), outcome.error().getMessage());
            assertFalse(source.bean(BackupStatusSource.class).writable());
        }
    }
}
