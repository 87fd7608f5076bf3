package com.dbadmin.ops.metrics;

import com.dbadmin.call.CallOutcome;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolCallListener;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.tool.ToolRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Request metrics for every tool call on every transport. The names are the contract with
 * infra/prometheus/alerts.yml and the Grafana dashboard (Prometheus names in brackets):
 * <ul>
 *   <li>{@code db.admin.requests} {tool, transport, outcome} [db_admin_requests_total]</li>
 *   <li>{@code db.admin.request.duration} {tool, transport}, histogram
 *       [db_admin_request_duration_seconds_bucket|_sum|_count]</li>
 *   <li>{@code db.admin.errors} {tool, code} [db_admin_errors_total], every failed call including denials</li>
 * </ul>
 * Labels stay bounded: {@code tool} is a catalogue name (anything else is {@code unknown}),
 * {@code code} an {@link com.dbadmin.call.ErrorCode}, {@code transport} a
 * {@link com.dbadmin.call.Transport}; table names never become labels.
 */
@Singleton
class ToolCallMetrics implements ToolCallListener {
    public static final String REQUESTS = "db.admin.requests";
    public static final String DURATION = "db.admin.request.duration";
    public static final String ERRORS = "db.admin.errors";
    public static final String UNKNOWN_TOOL = "unknown";

    /**
     * Bucket boundaries at the targets and alert thresholds (query p95 50 ms, insert p95 75 ms,
     * p99 100/150 ms, SlowRequests 200 ms, batch 5 s), added to Micrometer's percentile histogram
     * so histogram_quantile() is exact where the alerts compare.
     */
    private static final Duration[] OBJECTIVES = {
            Duration.ofMillis(50), Duration.ofMillis(75), Duration.ofMillis(100), Duration.ofMillis(150),
            Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)};

    private final MeterRegistry registry;
    private final ToolRegistry toolRegistry;

    public ToolCallMetrics(MeterRegistry registry, ToolRegistry toolRegistry) {
        this.registry = registry;
        this.toolRegistry = toolRegistry;
    }

    @Override
    public void afterCompletion(ToolCall call, ToolOutcome outcome) {
        String tool = toolRegistry.find(outcome.tool()).isPresent() ? outcome.tool() : UNKNOWN_TOOL;
        String transport = call.context().transport().id();
        Counter.builder(REQUESTS)
                .description("Tool calls by tool, transport and outcome (success, error, denied)")
                .tags("tool", tool, "transport", transport, "outcome", CallOutcome.of(outcome).id())
                .register(registry)
                .increment();
        Timer.builder(DURATION)
                .description("Tool call latency, from arguments received to result ready")
                .tags("tool", tool, "transport", transport)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .serviceLevelObjectives(OBJECTIVES)
                .register(registry)
                .record(outcome.duration());
        if (!outcome.success()) {
            Counter.builder(ERRORS)
                    .description("Failed tool calls by tool and stable error code")
                    .tags("tool", tool, "code", outcome.error().code().name())
                    .register(registry)
                    .increment();
        }
    }
}
