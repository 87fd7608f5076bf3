package com.dbadmin.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Small connection pools that log in as another role of the same database (the SQL role). */
public final class RolePools {
    private RolePools() {
    }

    /**
     * A pool of at most {@code size} connections as {@code role}: no connection is opened before the first
     * call, pgjdbc uses the extended protocol and unnamed statements only (nothing lives in the session,
     * poolers stay happy), and one result may hold at most {@code maxResultBytes}.
     */
    public static HikariDataSource open(DatabaseEndpoint endpoint, String role, String password, int size,
                                        long maxResultBytes) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("db-admin-" + role);
        config.setJdbcUrl(endpoint.jdbcUrl());
        config.setUsername(role);
        config.setPassword(password);
        config.addDataSourceProperty("ApplicationName", DataSourceFactory.APPLICATION_NAME + " (sql)");
        config.addDataSourceProperty("preferQueryMode", "extended");
        config.addDataSourceProperty("prepareThreshold", "0");
        // The application name in the startup packet, not a session SET a transaction pooler would misplace.
        config.addDataSourceProperty("assumeMinServerVersion", "13");
        config.addDataSourceProperty("maxResultBuffer", Long.toString(maxResultBytes));
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    /** The same pool against the endpoint's read replica, wrapped so a dead or lagging replica is skipped. */
    public static ReplicaPool openReplica(DatabaseEndpoint endpoint, String role, String password, int size,
                                          long maxResultBytes) {
        HikariDataSource pool = open(endpoint.replica(), role, password, size, maxResultBytes);
        pool.setConnectionTimeout(2_000);
        String url = endpoint.replicaJdbcUrl();
        return new ReplicaPool(pool, endpoint.replicaMaxLag(), url.contains("?") ? url.substring(0, url.indexOf('?')) : url);
    }
}
