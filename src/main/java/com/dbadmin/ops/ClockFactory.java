package com.dbadmin.ops;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The one clock that time-based rules read (catalogue TTL, backup age in health, rate-limit windows), so
 * a test can move time forward instead of waiting for it to pass.
 */
@Factory
class ClockFactory {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
