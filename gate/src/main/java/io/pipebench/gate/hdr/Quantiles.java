package io.pipebench.gate.hdr;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram in milliseconds, NaN when it is empty (no figure, never 0): the one way the
 * harness, the gate and the system's commands turn a histogram into the figures they print and report.
 */
public record Quantiles(long count, double p50, double p90, double p95, double p99, double p999, double max) {

    /** From a histogram recorded in microseconds. */
    public static Quantiles of(Histogram micros) {
        return Percentiles.of("", micros).inMillis(1e3);
    }

    /** From a histogram recorded in nanoseconds (stage costs of a few microseconds need the resolution). */
    public static Quantiles ofNanos(Histogram nanos) {
        return Percentiles.of("", nanos).inMillis(1e6);
    }

    public boolean empty() {
        return count == 0;
    }
}
