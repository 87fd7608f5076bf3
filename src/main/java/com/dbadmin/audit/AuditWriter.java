package com.dbadmin.audit;

import com.dbadmin.ops.logging.SecretRedactor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the audit rows of reads, failures and denials off the caller's thread, in batches, so that
 * auditing reads costs them almost nothing. Nothing is dropped silently: when the queue is full the
 * caller writes its own row, a row that cannot be written is counted in {@code db.admin.audit.failures}
 * and logged (without its contents), and shutdown drains the queue.
 */
@Singleton
public class AuditWriter {
    public static final String FAILURES = "db.admin.audit.failures";
    private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
    private static final int BATCH = 500;
    /** How long the writer waits for more rows before writing a batch: fewer, larger transactions. */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final DataSource dataSource;
    private final BlockingQueue<AuditEntry> queue;
    private final AtomicLong pending = new AtomicLong();
    private final Counter backgroundFailures;
    private final Counter transactionFailures;
    private final Thread worker;
    private volatile boolean running = true;

    public AuditWriter(DataSource dataSource, AuditSettings settings, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.queue = new LinkedBlockingQueue<>(settings.queueCapacity());
        this.backgroundFailures = meters.counter(FAILURES, "mode", "background");
        this.transactionFailures = meters.counter(FAILURES, "mode", "transaction");
        this.worker = new Thread(this::drainLoop, "audit-writer");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Queues a row; when the queue is full the calling thread writes it (back-pressure, never loss). */
    public void submit(AuditEntry entry) {
        pending.incrementAndGet();
        if (!running || !queue.offer(entry)) {
            write(List.of(entry));
        }
    }

    /** Writes a change's row inside the call's own transaction, on its connection. */
    public void writeInTransaction(Connection connection, AuditEntry entry) throws SQLException {
        try {
            AuditRows.insert(connection, entry);
        } catch (SQLException | RuntimeException e) {
            transactionFailures.increment();
            LOG.error("Audit row for {} by {} (request {}) could not be written; the change is rolled back: {}",
                    entry.operation(), entry.userId(), entry.requestId(), rootMessage(e));
            throw e;
        }
    }

    /** Waits until every row submitted so far has been written (or has failed and been counted). */
    public boolean awaitWritten(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    private void drainLoop() {
        List<AuditEntry> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                AuditEntry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + LINGER_NANOS;
                while (batch.size() < BATCH) {
                    queue.drainTo(batch, BATCH - batch.size());
                    long left = deadline - System.nanoTime();
                    AuditEntry next = left > 0 && batch.size() < BATCH ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<AuditEntry> entries) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                AuditRows.insertAll(connection, entries);
                connection.commit();
                return;
            } catch (SQLException | RuntimeException batchFailure) {
                connection.rollback();
            }
            // One bad row must not cost the others theirs: retry one by one, count what still fails.
            connection.setAutoCommit(true);
            for (AuditEntry entry : entries) {
                try {
                    AuditRows.insert(connection, entry);
                } catch (SQLException | RuntimeException e) {
                    backgroundFailures.increment();
                    LOG.error("Audit row for {} by {} (request {}) could not be written: {}", entry.operation(),
                            entry.userId(), entry.requestId(), rootMessage(e));
                }
            }
        } catch (SQLException | RuntimeException noConnection) {
            backgroundFailures.increment(entries.size());
            LOG.error("{} audit rows (first: {} by {}, request {}) could not be written: {}", entries.size(),
                    entries.get(0).operation(), entries.get(0).userId(), entries.get(0).requestId(),
                    rootMessage(noConnection));
        } finally {
            pending.addAndGet(-entries.size());
        }
    }

    /** Writes what is still queued before the pool closes. */
    @PreDestroy
    void close() throws InterruptedException {
        running = false;
        worker.join(TimeUnit.SECONDS.toMillis(30));
    }

    /** The cause in one line: the server's primary message only (its detail can quote the row). */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof org.postgresql.util.PSQLException psql && psql.getServerErrorMessage() != null) {
            return "SQLSTATE " + psql.getSQLState() + ": " + psql.getServerErrorMessage().getMessage();
        }
        String message = root.getMessage();
        return SecretRedactor.redact(root.getClass().getSimpleName() + (message == null ? "" : ": " + message));
    }
}
