package com.dbadmin.ops.health;

import com.dbadmin.ops.logging.SecretRedactor;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks that PostgreSQL answers through the server's own pool, within a time limit: a health request
 * never waits longer than {@code db-admin.health.database-timeout}, even while the pool is blocked on
 * an unreachable host (its own connection timeout is longer). Probes run in the background every
 * {@code database-probe-interval} too, so {@code db_admin_database_up} and the logs follow an outage
 * and the recovery without anyone calling /health.
 *
 * <p>Recovery needs nothing from here: the pool discards dead connections and opens new ones when the
 * database is back, and the next probe sees it.
 */
@Singleton
public class DatabaseProbe {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseProbe.class);

    private final HikariDataSource dataSource;
    private final Duration timeout;
    private final boolean backgroundProbe;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "db-health-probe");
        thread.setDaemon(true);
        return thread;
    });
    private static final DatabaseStatus NOT_CHECKED = new DatabaseStatus(false, null, Duration.ZERO,
            "not checked yet", Instant.EPOCH);
    private volatile DatabaseStatus last = NOT_CHECKED;
    private CompletableFuture<DatabaseStatus> running;

    public DatabaseProbe(HikariDataSource dataSource, HealthSettings settings) {
        this.dataSource = dataSource;
        this.timeout = settings.databaseTimeout();
        this.backgroundProbe = settings.backgroundProbe();
    }

    /**
     * The most recent result without waiting on the database (metrics read this), except before the
     * first probe, which it runs.
     */
    public DatabaseStatus last() {
        DatabaseStatus status = last;
        return status == NOT_CHECKED ? check() : status;
    }

    /** Probes now, or joins the probe already running; answers within the timeout either way. */
    public DatabaseStatus check() {
        CompletableFuture<DatabaseStatus> probe;
        synchronized (this) {
            if (running == null || running.isDone()) {
                running = CompletableFuture.supplyAsync(this::probe, executor);
            }
            probe = running;
        }
        DatabaseStatus status;
        try {
            status = probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            status = new DatabaseStatus(false, null, timeout, "no answer within " + timeout.toMillis() + " ms",
                    Instant.now());
        } catch (ExecutionException e) {
            status = new DatabaseStatus(false, null, Duration.ZERO, describe(e.getCause()), Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return last;
        }
        record(status);
        return status;
    }

    @Scheduled(fixedDelay = "${db-admin.health.database-probe-interval:10s}",
            initialDelay = "1s")
    void probeInBackground() {
        if (backgroundProbe && !dataSource.isClosed()) {
            check();
        }
    }

    private DatabaseStatus probe() {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            try (ResultSet rs = statement.executeQuery("SELECT current_setting('server_version')")) {
                rs.next();
                return new DatabaseStatus(true, rs.getString(1), Duration.ofNanos(System.nanoTime() - started), null,
                        Instant.now());
            }
        } catch (SQLException | RuntimeException e) {
            return new DatabaseStatus(false, null, Duration.ofNanos(System.nanoTime() - started), describe(e),
                    Instant.now());
        }
    }

    /** Logs transitions only: one line when the database goes away, one when it is back. */
    private void record(DatabaseStatus status) {
        DatabaseStatus previous = last;
        last = status;
        if (previous.up() && !status.up()) {
            LOG.warn("Database unreachable: {}", status.error());
        } else if (!previous.up() && status.up() && previous != NOT_CHECKED) {
            LOG.info("Database reachable again (PostgreSQL {})", status.serverVersion());
        }
    }

    /** The error and its cause (the pool's timeout message wraps the driver's reason). */
    private static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        StringBuilder message = new StringBuilder(String.valueOf(error.getMessage()));
        Throwable cause = error.getCause();
        if (cause != null && cause != error && cause.getMessage() != null) {
            message.append(": ").append(cause.getMessage());
        }
        return SecretRedactor.redact(message.toString());
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
