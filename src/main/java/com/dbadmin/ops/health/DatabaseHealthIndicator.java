package com.dbadmin.ops.health;

import com.dbadmin.db.DatabaseConnections;
import com.dbadmin.db.PoolerDecision;
import com.dbadmin.ops.logging.SecretRedactor;
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
 * its version, the pool's state and the connection pooler in between (with what that changes, and where
 * backups and restores connect). DOWN takes the instance out of load balancing (readiness) without
 * restarting it (liveness does not include it); it comes back UP by itself with the database.
 */
@Singleton
class DatabaseHealthIndicator extends BlockingHealthIndicator {
    public static final String NAME = "database";

    private final DatabaseProbe probe;
    private final HikariDataSource dataSource;
    private final DatabaseConnections connections;

    public DatabaseHealthIndicator(DatabaseProbe probe, HikariDataSource dataSource, DatabaseConnections connections,
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
        details.put("pooler", pooler());
        connections.replica().ifPresent(replica -> details.put("replica", replica(replica.check())));
        return HealthResult.builder(NAME, status.up() ? HealthStatus.UP : HealthStatus.DOWN).details(details).build();
    }

    /** host:port/database, never credentials or URL options. */
    private String target() {
        return SecretRedactor.redact(connections.target());
    }

    private Map<String, Object> pooler() {
        PoolerDecision decision = connections.pooler();
        Map<String, Object> pooler = new LinkedHashMap<>();
        pooler.put("mode", decision.mode().id());
        pooler.put("basis", decision.basis());
        pooler.put("evidence", decision.evidence());
        pooler.put("serverPreparedStatements", !decision.mode().multiplexesTransactions());
        pooler.put("sessionSettings", !decision.mode().multiplexesTransactions());
        pooler.put("backups", connections.directTarget() != null ? "direct: " + SecretRedactor.redact(connections.directTarget())
                : connections.directAvailable() ? "through the pool" : "refused: set DB_ADMIN_DIRECT_DATABASE_URL");
        return pooler;
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
