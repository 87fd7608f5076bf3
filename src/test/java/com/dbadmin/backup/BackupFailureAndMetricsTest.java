package com.dbadmin.backup;

import com.dbadmin.backup.format.BackupType;
import com.dbadmin.backup.store.BackupStore;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;
import com.dbadmin.ops.BackupStatusSource;
import com.dbadmin.support.Tools;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A backup that fails (a full disk) leaves nothing listed and nothing behind; successes and failures
 * show in the Prometheus metrics and in the health view.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupFailureAndMetricsTest {
    ShopDatabase shop;
    Tools tools;

    @BeforeAll
    void setUp() {
        shop = ShopDatabase.create("backup_metrics", Map.of("micronaut.metrics.enabled", "true",
                "micronaut.metrics.export.prometheus.enabled", "true"));
        tools = shop.server.tools();
    }

    @AfterAll
    void tearDown() {
        shop.close();
    }

    @Test
    void aFullDiskLeavesNoBackupListedAndCountsAFailure() throws IOException {
        int listed = tools.ok("db_list_backups", "{}").get("total").asInt();
        java.util.Set<String> files = files();
        BackupService service = shop.server.bean(BackupService.class);
        BackupStore full = new FailingStore(shop.server.bean(BackupStore.class), 20_000, "No space left on device");
        ToolException error = assertThrows(ToolException.class, () -> service.run(BackupType.FULL, null, true, full,
                (dumper, prepared) -> new BackupService.Planned(prepared.planner().full(true, true), true, true, null,
                        null, null, null)));
        assertEquals(ErrorCode.DB_503_UNAVAILABLE, error.code());
        assertTrue(error.getMessage().contains("No space left on device"), error.getMessage());
        assertTrue(error.getMessage().contains("nothing was stored"), error.getMessage());
        assertEquals(listed, tools.ok("db_list_backups", "{}").get("total").asInt());
        assertEquals(files, files(), "no partial file left in the folder");
        assertEquals(1.0, value("db_admin_backups_total\\{outcome=\"failure\",type=\"full\"\\}"));
    }

    @Test
    void successesShowInMetricsAndHealth() {
        var result = tools.ok("db_backup_full", "{}");
        String scrape = shop.server.bean(PrometheusMeterRegistry.class).scrape();
        assertTrue(value("db_admin_backups_total\\{outcome=\"success\",type=\"full\"\\}") >= 1.0, scrape);
        assertEquals(0.0, value("db_admin_backups_total\\{outcome=\"success\",type=\"incremental\"\\}"),
                "counters exist from the start");
        assertTrue(value("db_admin_backup_duration_seconds_count\\{type=\"full\"\\}") >= 1.0, scrape);
        assertTrue(scrape.contains("db_admin_backup_duration_seconds_sum{type=\"full\"}"), scrape);
        assertEquals((double) result.get("size").asLong(), value("db_admin_backup_size_bytes\\{type=\"full\"\\}"));
        double last = value("db_admin_backup_last_success_timestamp_seconds");
        assertTrue(Math.abs(Instant.now().getEpochSecond() - last) < 60, "last success is now: " + last);
        assertTrue(value("db_admin_backup_store_free_bytes") > 0);
        assertTrue(value("db_admin_backup_store_total_bytes") >= value("db_admin_backup_store_free_bytes"));

        BackupStatusSource health = shop.server.bean(BackupStatusSource.class);
        assertEquals(shop.store.toAbsolutePath().normalize().toString(), health.location());
        assertTrue(health.writable());
        assertTrue(health.freeBytes() > 0 && health.totalBytes() >= health.freeBytes());
        Instant lastSuccess = health.lastSuccess().orElseThrow();
        assertTrue(Duration.between(lastSuccess, Instant.now()).abs().toSeconds() < 60);
        assertEquals(result.get("backup").asText(), shop.server.bean(BackupStatus.class).lastSuccessName().orElseThrow());
    }

    @Test
    void lastSuccessSurvivesARestartThroughTheStore() {
        String name = tools.ok("db_backup_full", "{}").get("backup").asText();
        try (var restarted = com.dbadmin.support.ServerContext.on(shop.name,
                Map.of("db-admin.backup.dir", shop.store.toString()))) {
            BackupStatus status = restarted.bean(BackupStatus.class);
            assertEquals(name, status.lastSuccessName().orElseThrow());
            assertTrue(status.lastSuccess().isPresent());
        }
    }

    private java.util.Set<String> files() throws IOException {
        try (Stream<java.nio.file.Path> list = Files.list(shop.store)) {
            return list.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        }
    }

    private double value(String seriesPattern) {
        String scrape = shop.server.bean(PrometheusMeterRegistry.class).scrape();
        Matcher matcher = Pattern.compile("(?m)^" + seriesPattern + " ([0-9.eE+-]+|NaN)$").matcher(scrape);
        assertTrue(matcher.find(), () -> seriesPattern + " not in\n" + scrape);
        return Double.parseDouble(matcher.group(1));
    }
}
