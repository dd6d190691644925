package io.pipebench.run;

import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;

/**
 * Gives each event an intended send time, 1/rate after the previous one (OpenMessaging Benchmark's
 * UniformRateLimiter, with a rate that may change over time). {@link #acquire()} waits until that time and returns
 * it; when the caller is behind, it returns at once and the caller catches up. Callers measure latency from the
 * intended time, not the actual one, so a stalled sender shows up as latency instead of vanishing.
 */
public final class UniformRateLimiter {

    private final DoubleSupplier eventsPerSecond;
    private long nextNanos;

    /** @param eventsPerSecond the current target rate, read at each acquire */
    public UniformRateLimiter(DoubleSupplier eventsPerSecond, long startNanos) {
        this.eventsPerSecond = eventsPerSecond;
        this.nextNanos = startNanos;
    }

    /** Waits for the next intended send time and returns it (System.nanoTime scale). */
    public long acquire() {
        long intended = nextNanos;
        double rate = eventsPerSecond.getAsDouble();
        nextNanos += rate > 0 ? (long) (1e9 / rate) : 1_000_000_000L;
        long wait = intended - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
        return intended;
    }
}
