package com.dbadmin.support;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it, so rules that depend on elapsed time (TTLs, ages,
 * rate-limit windows) are tested without waiting. Replaces the server's clock in contexts with
 * {@code test.mutable-clock=true}; {@code new MutableClock()} for objects built by hand.
 */
@Singleton
@Replaces(Clock.class)
@Requires(property = "test.mutable-clock", value = "true")
public class MutableClock extends Clock {
    public static final Map.Entry<String, String> PROPERTY = Map.entry("test.mutable-clock", "true");

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

    public void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the server's clock is UTC");
    }
}
