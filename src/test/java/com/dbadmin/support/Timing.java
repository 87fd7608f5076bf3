package com.dbadmin.support;

import java.time.Duration;
import java.util.function.Supplier;

/** Measuring a piece of work in a test that asserts a complexity bound (never a benchmark). */
public final class Timing {
    private Timing() {
    }

    /**
     * The fastest of three runs of {@code work} after one warm-up run: scheduling noise on a busy machine
     * only ever adds time, so the minimum is what the work itself costs.
     */
    public static Duration fastestOfThree(Supplier<?> work) {
        work.get();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            work.get();
            best = Math.min(best, System.nanoTime() - started);
        }
        return Duration.ofNanos(best);
    }
}
