package io.pipebench.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves a fixed number of nanoseconds per reading: repeatable event stamps for tests that freeze or
 * compare events (a step such as 123,457,001 ns gives fractions of every length and changing seconds).
 */
public final class SteppingClock extends Clock {

    private Instant now;
    private final long stepNanos;

    public SteppingClock(Instant start, long stepNanos) {
        this.now = start;
        this.stepNanos = stepNanos;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
        Instant at = now;
        now = now.plusNanos(stepNanos);
        return at;
    }
}
