package io.pipebench.load.measure;

import java.time.Instant;

/** Converts {@link System#nanoTime()} readings to wall-clock instants, from one pairing taken at creation. */
public final class WallClock {

    private final long baseNanos = System.nanoTime();
    private final long baseEpochMicros = Math.multiplyExact(System.currentTimeMillis(), 1000L);

    public Instant at(long nanos) {
        long micros = baseEpochMicros + (nanos - baseNanos) / 1000;
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    public long nanosAt(Instant instant) {
        long micros = instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
        return baseNanos + (micros - baseEpochMicros) * 1000L;
    }
}
