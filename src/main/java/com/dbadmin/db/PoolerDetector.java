package com.dbadmin.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps the current {@link PoolerDecision}: from {@code DB_ADMIN_POOLER} when it names a mode, otherwise
 * detected at start-up and again on reconnect, since what answers at the database address may have changed
 * (a pooler put in front, a failover, a DNS switch). Reconnect means the pool opening a connection after a
 * failed attempt, or after {@link #REPROBE_INTERVAL} without a probe (so a burst of new connections shares
 * one probe, and the pool's routine replacement of old connections costs one probe each). When the mode
 * changes, {@link #onModeChange} recycles the pool's connections.
 */
final class PoolerDetector {
    private static final Logger LOG = LoggerFactory.getLogger(PoolerDetector.class);
    static final Duration REPROBE_INTERVAL = Duration.ofSeconds(30);

    private final DataSource physical;
    private final boolean automatic;
    private final ReentrantLock probing = new ReentrantLock();
    private volatile PoolerDecision decision;
    private volatile boolean probeDue;
    private volatile long lastProbeNanos = System.nanoTime();
    private volatile Runnable onModeChange = () -> { };

    private PoolerDetector(DataSource physical, boolean automatic, PoolerDecision decision) {
        this.physical = physical;
        this.automatic = automatic;
        this.decision = decision;
    }

    /** A mode that never changes (configured, or the embedded database). */
    static PoolerDetector fixed(PoolerMode mode, String evidence) {
        PoolerDetector detector = new PoolerDetector(null, false, new PoolerDecision(mode, PoolerDecision.CONFIGURED,
                evidence));
        detector.logDecision();
        return detector;
    }

    /**
     * Decides at start-up: the configured mode, else the endpoint's name, else a probe through
     * {@code physical}. A database that cannot be probed yet gets the transaction-pooler mode, which is
     * correct everywhere (only slower on PostgreSQL itself), until a connection succeeds.
     */
    static PoolerDetector start(String setting, String jdbcUrl, DataSource physical) {
        PoolerMode configured = PoolerMode.configured(setting);
        if (configured != null) {
            return fixed(configured, "DB_ADMIN_POOLER=" + configured.id());
        }
        PoolerDecision byEndpoint = PoolerProbe.fromEndpoint(jdbcUrl);
        if (byEndpoint != null) {
            PoolerDetector detector = new PoolerDetector(physical, false, byEndpoint);
            detector.logDecision();
            return detector;
        }
        PoolerDetector detector = new PoolerDetector(physical, true, null);
        try {
            detector.decision = PoolerProbe.probe(physical);
            detector.lastProbeNanos = System.nanoTime();
        } catch (SQLException e) {
            detector.decision = new PoolerDecision(PoolerMode.TRANSACTION, PoolerDecision.ASSUMED,
                    "the database could not be probed at start-up (" + e.getMessage() + "); probing again on reconnect");
            detector.probeDue = true;
        }
        detector.logDecision();
        return detector;
    }

    PoolerDecision decision() {
        return decision;
    }

    PoolerMode mode() {
        return decision.mode();
    }

    /** Called with the pool once it exists. */
    void onModeChange(Runnable action) {
        this.onModeChange = action;
    }

    /** A physical connection could not be opened: probe again once one can. */
    void connectionFailed() {
        if (automatic) {
            probeDue = true;
        }
    }

    /** A physical connection was opened; returns the mode it must be set up for (probing first when due). */
    PoolerMode connected() {
        if (automatic && (probeDue || System.nanoTime() - lastProbeNanos > REPROBE_INTERVAL.toNanos())) {
            reprobe();
        }
        return decision.mode();
    }

    /** One probe at a time; a connection opened meanwhile gets the current mode (and is recycled if it changes). */
    private void reprobe() {
        if (!probing.tryLock()) {
            return;
        }
        try {
            PoolerDecision found;
            try {
                found = PoolerProbe.probe(physical);
            } catch (SQLException e) {
                LOG.debug("Connection pooler probe failed; trying again on the next connection: {}", e.getMessage());
                probeDue = true;
                return;
            } finally {
                lastProbeNanos = System.nanoTime();
            }
            probeDue = false;
            changeTo(found);
        } finally {
            probing.unlock();
        }
    }

    private void changeTo(PoolerDecision found) {
        PoolerDecision previous = decision;
        decision = found;
        if (previous.mode() != found.mode()) {
            LOG.warn("Connection pooling changed from {} to {} ({}): {}; the pool's connections are being replaced",
                    previous.mode().id(), found.mode().id(), found.evidence(), found.consequence());
            onModeChange.run();
        } else if (!PoolerDecision.DETECTED.equals(previous.basis())) {
            logDecision();
        }
    }

    private void logDecision() {
        PoolerDecision current = decision;
        if (PoolerDecision.ASSUMED.equals(current.basis())) {
            LOG.warn("Connection pooler: assuming a transaction pooler ({}): {}", current.evidence(), current.consequence());
        } else {
            LOG.info("Connection pooler: {} ({}: {}): {}", current.mode().id(), current.basis(), current.evidence(),
                    current.consequence());
        }
    }
}
