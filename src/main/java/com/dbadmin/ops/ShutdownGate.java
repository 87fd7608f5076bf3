package com.dbadmin.ops;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolCallListener;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.ToolGuard;
import com.dbadmin.call.ToolOutcome;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Graceful shutdown for tool calls, on every transport. When the server stops (SIGTERM, context
 * close), Micronaut's graceful shutdown calls {@link #shutdownGracefully()}: from then on new calls are
 * refused with {@code DB_503_UNAVAILABLE} (retryable: a client or load balancer retries elsewhere), and
 * shutdown waits until the calls already running have finished, at most
 * {@code micronaut.lifecycle.graceful-shutdown.grace-period}. Only then are beans destroyed, which
 * closes the connection pool.
 *
 * <p>Its {@link #check} runs after the caller checks (rate limit, scope) and argument validation, and first
 * among the checks that follow, so a call refused here has opened no connection and changed nothing.
 */
@Singleton
public class ShutdownGate implements ToolGuard, ToolCallListener, GracefulShutdownCapable {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownGate.class);

    private final Set<ToolCall> inFlight = Collections.newSetFromMap(Collections.synchronizedMap(new IdentityHashMap<>()));
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean closing;

    @Override
    public int order() {
        return Integer.MIN_VALUE;
    }

    @Override
    public void check(ToolCall call) {
        synchronized (inFlight) {
            if (closing) {
                throw new ToolException(ErrorCode.DB_503_UNAVAILABLE,
                        "The server is shutting down and accepts no new calls; retry shortly (another instance will answer).",
                        Map.of("retryable", true));
            }
            inFlight.add(call);
        }
    }

    @Override
    public void afterCompletion(ToolCall call, ToolOutcome outcome) {
        synchronized (inFlight) {
            if (inFlight.remove(call) && closing && inFlight.isEmpty()) {
                drained.complete(null);
            }
        }
    }

    @Override
    public CompletionStage<?> shutdownGracefully() {
        synchronized (inFlight) {
            closing = true;
            if (inFlight.isEmpty()) {
                drained.complete(null);
            } else {
                LOG.info("Shutting down: refusing new tool calls, waiting for {} running", inFlight.size());
            }
        }
        return drained;
    }

    @Override
    public OptionalLong reportActiveTasks() {
        return OptionalLong.of(inFlight.size());
    }

    /** Whether new calls are being refused. */
    public boolean isClosing() {
        return closing;
    }
}
