package com.dbadmin.db;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A read replica's pool and whether it may serve reads now. A replica that fails to answer is left alone for a
 * few seconds and then probed in the background, so calls never wait on a dead replica: they read from the
 * primary meanwhile. A replica further behind than the maximum lag serves no reads either.
 */
public final class ReplicaPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaPool.class);
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    /**
     * Replay lag as monitoring tools compute it: zero when everything received has been replayed (an idle primary
     * makes no new transactions to replay), else the age of the last replayed transaction.
     */
    private static final String LAG_SQL = """
            SELECT pg_is_in_recovery(),
                   CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                        ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000, 0)
                   END::bigint""";

    private final HikariDataSource pool;
    private final Duration maxLag;
    private final String target;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean up;
    private volatile long retryAtNanos;
    private volatile String lastError = "not checked yet";
    private volatile Long lastLagMs;
    private volatile boolean inRecovery = true;
    private volatile Instant checkedAt;

    /** @param target host:port/database, for logs and /health */
    ReplicaPool(HikariDataSource pool, Duration maxLag, String target) {
        this.pool = pool;
        this.maxLag = maxLag;
        this.target = target;
        probeInBackground();
    }

    /** A replica connection and its lag, or why none may serve now (the caller then reads from the primary). */
    public record Borrowed(Connection connection, Long lagMs, String unavailable) {
    }

    public Borrowed borrow() {
        if (!up) {
            if (System.nanoTime() - retryAtNanos >= 0) {
                probeInBackground();
            }
            return new Borrowed(null, null, "replica unavailable (" + lastError + ")");
        }
        Connection connection = null;
        try {
            connection = pool.getConnection();
            long lag = lag(connection);
            if (lag > maxLag.toMillis()) {
                connection.close();
                return new Borrowed(null, lag, "replica " + lag + " ms behind, more than the maximum lag of "
                        + maxLag.toMillis() + " ms");
            }
            return new Borrowed(connection, lag, null);
        } catch (SQLException e) {
            closeQuietly(connection);
            markDown(e);
            return new Borrowed(null, null, "replica unavailable (" + lastError + ")");
        }
    }

    /** The replica's pool (to evict a connection whose session state is unknown). */
    public javax.sql.DataSource dataSource() {
        return pool;
    }

    /** For /health: the state as of the last borrow or probe. */
    /** @param serving whether reads go to the replica now: it answers and is within the maximum lag */
    public record Status(boolean up, boolean serving, boolean inRecovery, Long lagMs, String error, Instant checkedAt,
                         String target) {
    }

    public Status status() {
        Long lag = lastLagMs;
        boolean serving = up && (lag == null || lag <= maxLag.toMillis());
        return new Status(up, serving, inRecovery, lag, up ? null : lastError, checkedAt, target());
    }

    /** Probes now and waits for the answer (health checks). */
    public Status check() {
        probe();
        return status();
    }

    private String target() {
        return target;
    }

    private long lag(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(LAG_SQL); ResultSet rs = statement.executeQuery()) {
            rs.next();
            inRecovery = rs.getBoolean(1);
            long lag = rs.getLong(2);
            lastLagMs = lag;
            checkedAt = Instant.now();
            return lag;
        }
    }

    private void probeInBackground() {
        if (probing.compareAndSet(false, true)) {
            CompletableFuture.runAsync(() -> {
                try {
                    probe();
                } finally {
                    probing.set(false);
                }
            });
        }
    }

    private void probe() {
        try (Connection connection = pool.getConnection()) {
            lag(connection);
            if (!up) {
                LOG.info("Read replica {} reachable ({}): read-only tools read from it", target(), pool.getPoolName());
            }
            up = true;
        } catch (SQLException | RuntimeException e) {
            markDown(e);
        }
    }

    private void markDown(Exception e) {
        lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        checkedAt = Instant.now();
        retryAtNanos = System.nanoTime() + RETRY_AFTER.toNanos();
        if (up) {
            LOG.warn("Read replica {} unreachable ({}), reads go to the primary: {}", target(), pool.getPoolName(),
                    lastError);
        }
        up = false;
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // It is being given up on anyway.
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
