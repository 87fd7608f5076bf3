package com.dbadmin.guard;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.ToolGuard;
import com.dbadmin.call.Transport;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-principal rate limit on tool calls (Bucket4j): each principal may make {@code requests} calls per
 * window, refilled in full at each window boundary, so the 101st call inside a minute is refused with
 * DB_429_RATE_LIMITED and {@code retry_after_seconds}. As a guard it applies to every transport;
 * scheduled jobs are exempt. Buckets are per JVM (a Lambda instance or one server replica).
 */
@Singleton
public class RateLimitGuard implements ToolGuard {
    public static final int ORDER = -1000;
    public static final String METRIC = "db.admin.rate.limited";
    public static final String RETRY_AFTER = "retry_after_seconds";

    private final RateLimitSettings settings;
    private final MeterRegistry meters;
    private final TimeMeter time;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimitGuard(RateLimitSettings settings, MeterRegistry meters, Clock clock) {
        this.settings = settings;
        this.meters = meters;
        this.time = millisecondsOf(clock);
        // Zero from the start, so an alert on its increase sees the first refusal.
        for (Transport transport : Transport.values()) {
            if (transport != Transport.SCHEDULER) {
                meters.counter(METRIC, "transport", transport.id());
            }
        }
    }

    @Override
    public void admit(CallContext caller, ToolDefinition tool) {
        if (!settings.isEnabled() || caller.transport() == Transport.SCHEDULER) {
            return;
        }
        ConsumptionProbe probe = buckets.computeIfAbsent(caller.principal(), principal -> newBucket())
                .tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
            meters.counter(METRIC, "transport", caller.transport().id()).increment();
            throw new ToolException(ErrorCode.DB_429_RATE_LIMITED, "Rate limit of " + settings.requests()
                    + " calls per " + describe(settings) + " reached for '" + caller.principal()
                    + "'; retry in " + retryAfter + " s.", Map.of(RETRY_AFTER, retryAfter));
        }
    }

    /** Everything happens in {@link #admit}, before the arguments are read. */
    @Override
    public void check(ToolCall call) {
    }

    @Override
    public int order() {
        return ORDER;
    }

    /** Forgets principals whose bucket is full again (idle for a whole window), so the map stays small. */
    @Scheduled(fixedDelay = "5m", initialDelay = "5m")
    void evictIdle() {
        buckets.entrySet().removeIf(entry -> entry.getValue().getAvailableTokens() >= settings.requests());
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(settings.requests())
                        .refillIntervally(settings.requests(), settings.window())
                        .build())
                .withCustomTimePrecision(time)
                .build();
    }

    /** Bucket4j's default (wall-clock milliseconds), read from the server's clock. */
    private static TimeMeter millisecondsOf(Clock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return TimeUnit.MILLISECONDS.toNanos(clock.millis());
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    private static String describe(RateLimitSettings settings) {
        long seconds = settings.window().toSeconds();
        return seconds == 60 ? "minute" : seconds + " s";
    }
}
