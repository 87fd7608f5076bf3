package com.dbadmin.guard;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.ToolHandler;
import com.dbadmin.call.Transport;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most DB_ADMIN_MAX_LONG_OPERATIONS backups, restores, exports and imports at once, so that ordinary
 * tool calls always find a free connection in the pool (a long operation holds one for minutes or
 * hours). A call beyond the limit is refused at once with DB_503_UNAVAILABLE (retryable, with a retry
 * delay) rather than queued: an agent learns immediately that it should wait, and no request thread
 * sits blocked behind a backup. Scheduled backups wait for a permit instead (up to ten minutes), since
 * nobody is there to retry them.
 */
@Singleton
public class LongOperations {
    private static final Logger LOG = LoggerFactory.getLogger(LongOperations.class);
    static final int RETRY_AFTER_SECONDS = 10;
    private static final long SCHEDULED_WAIT_MINUTES = 10;

    private final int permits;
    private final Semaphore running;

    LongOperations(Limits limits, @Value("${db-admin.database.pool-size:10}") int poolSize) {
        // At least one connection always stays for ordinary calls (a pool of one, as in Lambda, has one caller).
        int most = Math.max(1, poolSize - 1);
        this.permits = Math.min(limits.maxLongOperations(), most);
        if (permits < limits.maxLongOperations()) {
            LOG.warn("DB_ADMIN_MAX_LONG_OPERATIONS={} leaves no connection of the pool ({}) for other calls; using {}",
                    limits.maxLongOperations(), poolSize, permits);
        }
        this.running = new Semaphore(permits, true);
    }

    /** {@code handler} as a long operation: it runs only while it holds one of the permits. */
    public ToolHandler limit(ToolHandler handler) {
        return call -> run(call, handler);
    }

    private ObjectNode run(ToolCall call, ToolHandler handler) throws SQLException {
        if (!acquire(call)) {
            throw new ToolException(ErrorCode.DB_503_UNAVAILABLE, permits + " backup, restore, export or import"
                    + " operation(s) are already running, the most this server runs at once"
                    + " (DB_ADMIN_MAX_LONG_OPERATIONS); retry in a little while.",
                    Map.of("retryable", true, RateLimitGuard.RETRY_AFTER, RETRY_AFTER_SECONDS));
        }
        try {
            return handler.handle(call);
        } finally {
            running.release();
        }
    }

    private boolean acquire(ToolCall call) {
        if (call.context().transport() != Transport.SCHEDULER) {
            return running.tryAcquire();
        }
        try {
            return running.tryAcquire(SCHEDULED_WAIT_MINUTES, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Permits in force (the configured count, capped below the pool size). */
    public int permits() {
        return permits;
    }
}
