package com.dbadmin.backup;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.call.Transport;
import com.dbadmin.tool.ToolInvoker;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import io.micronaut.scheduling.cron.CronExpression;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZoneId;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Full backups on BACKUP_CRON_SCHEDULE when BACKUP_SCHEDULE_ENABLED is true, through Micronaut's task
 * scheduler. Each run goes through the tool invoker like any call (audited, counted) as the local
 * principal "scheduler". Runs never overlap: the scheduler plans the next run only after the current
 * one finished, a run that would start while another is still going is skipped, and a PostgreSQL
 * advisory lock held for the run makes replicas of the server that share a database skip a run another
 * replica is already doing.
 */
@Singleton
@Requires(property = "db-admin.backup.schedule.enabled", value = "true")
class BackupScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(BackupScheduler.class);

    /** Advisory lock key shared by every replica ("dbadmin" in ASCII, then 1). */
    private static final long LOCK_KEY = 0x6462_6164_6d69_6e01L;

    private final TaskScheduler scheduler;
    private final javax.sql.DataSource dataSource;
    private final ToolInvoker invoker;
    private final BackupSettings settings;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile ToolOutcome lastOutcome;
    private final java.util.Deque<Run> recent = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private ScheduledFuture<?> future;

    public BackupScheduler(@Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler, ToolInvoker invoker,
                           BackupSettings settings, javax.sql.DataSource dataSource) {
        this.scheduler = scheduler;
        this.dataSource = dataSource;
        this.invoker = invoker;
        this.settings = settings;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        start();
    }

    synchronized void start() {
        if (future != null) {
            return;
        }
        String cron = settings.schedule().cron();
        String zone = settings.schedule().zone();
        try {
            CronExpression.create(cron);
            ZoneId.of(zone);
        } catch (RuntimeException e) {
            throw new io.micronaut.context.exceptions.ConfigurationException("BACKUP_CRON_SCHEDULE '" + cron
                    + "' / zone '" + zone + "' is not valid: " + e.getMessage());
        }
        future = scheduler.schedule(cron, zone, this::runOnce);
        LOG.info("Scheduled full backups: '{}' ({}) to {}", cron, zone, settings.usesS3() ? "S3" : BackupStoreFactory.localFolder(settings.dir()));
    }

    /** One scheduled backup; skipped when the previous one is still running. */
    void runOnce() {
        if (!running.compareAndSet(false, true)) {
            skipped.incrementAndGet();
            LOG.warn("Scheduled backup skipped: the previous one is still running");
            return;
        }
        java.time.Instant started = java.time.Instant.now();
        ToolOutcome outcome = null;
        try (java.sql.Connection lock = dataSource.getConnection()) {
            // A transaction-level lock: ending the transaction releases it, whatever happens.
            lock.setAutoCommit(false);
            if (!tryLock(lock)) {
                lock.rollback();
                skipped.incrementAndGet();
                LOG.info("Scheduled backup skipped: another server instance is running it");
                return;
            }
            try {
                outcome = invoker.invoke("db_backup_full", null, CallContext.local("scheduler", Transport.SCHEDULER));
                lastOutcome = outcome;
                if (outcome.success()) {
                    LOG.info("Scheduled backup {} done in {} ms", outcome.result().path("backup").asText(),
                            outcome.duration().toMillis());
                } else {
                    LOG.error("Scheduled backup failed: {} {}", outcome.error().code(), outcome.error().getMessage());
                }
            } finally {
                lock.rollback();
            }
            recent.addLast(new Run(started, java.time.Instant.now(), outcome.success()));
            while (recent.size() > 20) {
                recent.pollFirst();
            }
            runs.incrementAndGet();
        } catch (java.sql.SQLException | RuntimeException e) {
            LOG.error("Scheduled backup failed", e);
        } finally {
            running.set(false);
        }
    }

    private static boolean tryLock(java.sql.Connection connection) throws java.sql.SQLException {
        try (java.sql.PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            statement.setLong(1, LOCK_KEY);
            try (java.sql.ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    public long runs() {
        return runs.get();
    }

    public long skipped() {
        return skipped.get();
    }

    public ToolOutcome lastOutcome() {
        return lastOutcome;
    }

    /** The last runs, oldest first (at most 20). */
    public java.util.List<Run> recentRuns() {
        return java.util.List.copyOf(recent);
    }

    /** One scheduled run: when it started and ended, and whether the backup succeeded. */
    public record Run(java.time.Instant started, java.time.Instant finished, boolean success) {
    }

    @PreDestroy
    synchronized void stop() {
        if (future != null) {
            future.cancel(false);
        }
    }
}
