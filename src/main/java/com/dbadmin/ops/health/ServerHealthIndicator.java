package com.dbadmin.ops.health;

import com.dbadmin.ops.BuildInfo;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code server} in /health and /health/liveness: the version and uptime. Liveness says only that the
 * process answers; it never includes the database, so an outage does not restart healthy instances.
 */
@Singleton
@Liveness
class ServerHealthIndicator implements HealthIndicator {
    public static final String NAME = "server";

    private final BuildInfo build;

    public ServerHealthIndicator(BuildInfo build) {
        this.build = build;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Instant started = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", build.version());
        details.put("startedAt", started.toString());
        details.put("uptime", HumanUnits.duration(Duration.between(started, Instant.now())));
        details.put("java", Runtime.version().toString());
        return Mono.just(HealthResult.builder(NAME, HealthStatus.UP).details(details).build());
    }
}
