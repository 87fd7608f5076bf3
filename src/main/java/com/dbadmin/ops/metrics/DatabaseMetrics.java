package com.dbadmin.ops.metrics;

import com.dbadmin.ops.health.DatabaseProbe;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;

import java.util.function.ToIntFunction;

/**
 * Database and pool gauges (Prometheus names in brackets), read when scraped:
 * <ul>
 *   <li>{@code db.admin.database.up} [db_admin_database_up]: 1 when the last probe reached PostgreSQL</li>
 *   <li>{@code db.admin.pool.active.connections}, {@code .idle.connections}, {@code .pending.threads},
 *       {@code .max.connections} [db_admin_pool_*]: the JDBC pool, for the PoolExhaustion alert</li>
 * </ul>
 * The up gauge reads the probe's last result rather than probing per scrape, so scraping never waits
 * on an unreachable database; the probe runs every {@code db-admin.health.database-probe-interval}.
 */
@Singleton
class DatabaseMetrics implements MeterBinder {
    private final DatabaseProbe probe;
    private final HikariDataSource dataSource;

    public DatabaseMetrics(DatabaseProbe probe, HikariDataSource dataSource) {
        this.probe = probe;
        this.dataSource = dataSource;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("db.admin.database.up", probe, p -> p.last().up() ? 1 : 0)
                .description("1 when PostgreSQL answered the last health probe, 0 otherwise")
                .register(registry);
        poolGauge(registry, "db.admin.pool.active.connections", "Connections in use", HikariPoolMXBean::getActiveConnections);
        poolGauge(registry, "db.admin.pool.idle.connections", "Open connections not in use", HikariPoolMXBean::getIdleConnections);
        poolGauge(registry, "db.admin.pool.pending.threads", "Threads waiting for a connection",
                HikariPoolMXBean::getThreadsAwaitingConnection);
        Gauge.builder("db.admin.pool.max.connections", dataSource, HikariDataSource::getMaximumPoolSize)
                .description("Largest number of connections the pool opens (DB_ADMIN_POOL_SIZE)")
                .register(registry);
    }

    private void poolGauge(MeterRegistry registry, String name, String description, ToIntFunction<HikariPoolMXBean> value) {
        Gauge.builder(name, dataSource, ds -> {
                    HikariPoolMXBean pool = ds.getHikariPoolMXBean();
                    return pool == null ? 0 : value.applyAsInt(pool);
                })
                .description(description)
                .register(registry);
    }
}
