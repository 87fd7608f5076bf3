package com.dbadmin.function;

import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolCallListener;
import com.dbadmin.call.ToolOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Set;

/**
 * Publishes every successful full or incremental backup taken in Lambda as a CloudWatch metric, whichever
 * function ran it (the schedule's, the backup group's, the HTTP one): {@code BackupSucceeded} (count),
 * {@code BackupDurationMilliseconds} and {@code BackupSizeBytes} in namespace {@value #NAMESPACE}, dimension
 * {@code Deployment} (DB_ADMIN_DEPLOYMENT, the Terraform's name prefix). The Terraform alarms when
 * {@code BackupSucceeded} is absent for too long, which catches a schedule that never fires as well as backups
 * that fail.
 *
 * <p>Lambda ships nothing but its log: the metric is one line of CloudWatch embedded metric format (EMF) on
 * standard output, which CloudWatch Logs turns into metric data (Micrometer's Prometheus registry is never
 * scraped in a Lambda). Written with Jackson rather than AWS's EMF library: that library is not available to
 * this build, and one JSON object per backup needs none of its sinks or agent discovery.
 */
@Singleton
@Requires(env = "lambda")
class BackupSuccessMetric implements ToolCallListener {
    static final String NAMESPACE = "DatabaseAdminServer";
    static final String SUCCEEDED = "BackupSucceeded";
    static final String DURATION = "BackupDurationMilliseconds";
    static final String SIZE = "BackupSizeBytes";
    static final String DIMENSION = "Deployment";
    private static final Set<String> BACKUPS = Set.of("db_backup_full", "db_backup_incremental");

    private final ObjectMapper json;
    private final String deployment;
    private final Clock clock = Clock.systemUTC();

    BackupSuccessMetric(ObjectMapper json, @Value("${db-admin.lambda.deployment:default}") String deployment) {
        this.json = json;
        this.deployment = deployment;
    }

    @Override
    public void afterCompletion(ToolCall call, ToolOutcome outcome) {
        if (outcome.success() && BACKUPS.contains(call.tool().name())) {
            String line = record(call.tool().name(), outcome).toString();
            // One println is one CloudWatch log event: the whole object must be on one line.
            PrintStream out = System.out;
            synchronized (out) {
                out.println(line);
            }
        }
    }

    ObjectNode record(String tool, ToolOutcome outcome) {
        ObjectNode record = json.createObjectNode();
        ObjectNode aws = record.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add(DIMENSION);
        ArrayNode metrics = directive.putArray("Metrics");
        metrics.addObject().put("Name", SUCCEEDED).put("Unit", "Count");
        metrics.addObject().put("Name", DURATION).put("Unit", "Milliseconds");
        metrics.addObject().put("Name", SIZE).put("Unit", "Bytes");
        record.put(DIMENSION, deployment);
        record.put(SUCCEEDED, 1);
        record.put(DURATION, outcome.duration().toMillis());
        JsonNode size = outcome.result().path("size");
        record.put(SIZE, size.canConvertToLong() ? size.asLong() : 0);
        // Properties beside the metrics: searchable in Logs Insights, not metrics themselves.
        record.put("tool", tool);
        record.put("backup", outcome.result().path("backup").asText(outcome.result().path("file").asText("")));
        return record;
    }
}
