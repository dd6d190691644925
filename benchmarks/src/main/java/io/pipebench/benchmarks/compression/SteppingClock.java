package io.pipebench.benchmarks.compression;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves forward by a fixed step on every reading, so generated events carry distinct, realistic,
 * repeatable timestamps (a fixed clock would give every event the same instant and flatter the compressors).
 * Not thread-safe.
 */
final class SteppingClock extends Clock {

    private Instant now;
    private final long stepMicros;

    SteppingClock(Instant start, long stepMicros) {
        this.now = start;
        this.stepMicros = stepMicros;
    }

    @Override
    public Instant instant() {
        Instant reading = now;
        now = now.plusNanos(stepMicros * 1_000);
        return reading;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a benchmark clock stays in UTC");
    }
}
