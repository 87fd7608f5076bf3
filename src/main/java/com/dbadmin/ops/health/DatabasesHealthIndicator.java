package com.dbadmin.ops.health;

import com.dbadmin.db.multi.DatabaseRouter;
import com.dbadmin.db.named.NamedDatabases;
import com.dbadmin.ops.logging.SecretRedactor;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * {@code databases} in /health when DB_ADMIN_DATABASES names several: each one's state. The first is this
 * server's own (its {@code database} entry decides readiness); another one being down is DEGRADED, not DOWN,
 * because the other databases keep serving.
 */
@Singleton
@Requires(property = NamedDatabases.PROPERTY, pattern = ".*\\S.*")
class DatabasesHealthIndicator extends BlockingHealthIndicator {
    public static final String NAME = "databases";

    private final DatabaseRouter router;
    private final DatabaseProbe probe;

    DatabasesHealthIndicator(DatabaseRouter router, DatabaseProbe probe,
                             @Named(TaskExecutors.IO) ExecutorService executor) {
        super(executor);
        this.router = router;
        this.probe = probe;
    }

    @Override
    protected HealthResult check() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean secondariesUp = true;
        for (String name : router.names()) {
            Map<String, Object> database = new LinkedHashMap<>();
            database.put("default", name.equals(router.names().get(0)));
            Optional<DatabaseStatus> status = name.equals(router.names().get(0)) ? Optional.of(probe.check())
                    : router.context(name).map(context -> context.getBean(DatabaseProbe.class).check());
            boolean up = status.map(DatabaseStatus::up).orElse(false);
            database.put("status", up ? "UP" : "DOWN");
            status.ifPresent(s -> database.put("latencyMs", s.latency().toMillis()));
            Optional<String> error = status.map(DatabaseStatus::error)
                    .or(() -> router.startFailure(name).map(failure -> "not started: " + failure));
            error.ifPresent(e -> database.put("error", SecretRedactor.redact(e)));
            details.put(name, database);
            if (!up && !name.equals(router.names().get(0))) {
                secondariesUp = false;
            }
        }
        return HealthResult.builder(NAME, secondariesUp ? HealthStatus.UP : Degraded.STATUS).details(details).build();
    }
}
