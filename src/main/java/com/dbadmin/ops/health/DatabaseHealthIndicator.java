package com.dbadmin.ops.health;

import com.dbadmin.ops.logging.SecretRedactor;
import com.dbadmin.db.CallConnections;
import com.dbadmin.db.ReplicaPool;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * {@code database} in /health and /health/readiness: whether PostgreSQL answers through the pool,
 * its version and the pool's state. DOWN takes the instance out of load balancing (readiness) without
 * restarting it (liveness does not include it); it comes back UP by itself with the database.
 */
@Singleton
class DatabaseHealthIndicator extends BlockingHealthIndicator {
    public static final String NAME = "database";

    private final DatabaseProbe probe;
    private final HikariDataSource dataSource;
    private final CallConnections connections;

    public DatabaseHealthIndicator(DatabaseProbe probe, HikariDataSource dataSource, CallConnections connections,
                                   @Named(TaskExecutors.IO) ExecutorService executor) {
        super(executor);
        this.probe = probe;
        this.dataSource = dataSource;
        this.connections = connections;
    }

    @Override
    protected HealthResult check() {
        DatabaseStatus status = probe.check();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("connected", status.up());
        if (status.serverVersion() != null) {
            details.put("serverVersion", status.serverVersion());
        }
        if (status.error() != null) {
            details.put("error", status.error());
        }
        details.put("latencyMs", status.latency().toMillis());
        details.put("target", target());
        details.put("pool", pool());
        connections.replica().ifPresent(replica -> details.put("replica", replica(replica.check())));
        return HealthResult.builder(NAME, status.up() ? HealthStatus.UP : HealthStatus.DOWN).details(details).build();
    }

    /** host:port/database, never credentials or URL options. */
    private String target() {
        String url = dataSource.getJdbcUrl();
        if (url == null) {
            return null;
        }
        int options = url.indexOf('?');
        return SecretRedactor.redact(options < 0 ? url : url.substring(0, options));
    }

    /**
     * The read replica, when configured. Its state does not change the database's status: while it is down or
     * lagging, read-only tools read from the primary, which {@code reads} says.
     */
    private static Map<String, Object> replica(ReplicaPool.Status status) {
        Map<String, Object> replica = new LinkedHashMap<>();
        replica.put("connected", status.up());
        replica.put("target", status.target() == null ? null : SecretRedactor.redact(status.target()));
        replica.put("inRecovery", status.inRecovery());
        replica.put("replayLagMs", status.lagMs());
        if (status.error() != null) {
            replica.put("error", SecretRedactor.redact(status.error()));
        }
        replica.put("reads", status.serving() ? "replica"
                : status.up() ? "primary (replica lagging)" : "primary (replica unavailable)");
        return replica;
    }

    private Map<String, Object> pool() {
        Map<String, Object> pool = new LinkedHashMap<>();
        pool.put("size", dataSource.getMaximumPoolSize());
        HikariPoolMXBean bean = dataSource.getHikariPoolMXBean();
        if (bean != null) {
            pool.put("total", bean.getTotalConnections());
            pool.put("active", bean.getActiveConnections());
            pool.put("idle", bean.getIdleConnections());
            pool.put("waiting", bean.getThreadsAwaitingConnection());
        }
        return pool;
    }
}
