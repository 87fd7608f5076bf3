package com.dbadmin.ops.health;

import io.micronaut.core.async.publisher.AsyncSingleResultPublisher;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import org.reactivestreams.Publisher;

import java.util.concurrent.ExecutorService;

/**
 * A health check that blocks (database round trip, file system): runs on the I/O executor, never on
 * the event loop, and builds status and details together in one result, so concurrent health requests
 * cannot mix one check's status with another's details.
 */
abstract class BlockingHealthIndicator implements HealthIndicator {
    private final ExecutorService executor;

    protected BlockingHealthIndicator(ExecutorService executor) {
        this.executor = executor;
    }

    @Override
    public final Publisher<HealthResult> getResult() {
        return new AsyncSingleResultPublisher<>(executor, this::check);
    }

    protected abstract HealthResult check();
}
