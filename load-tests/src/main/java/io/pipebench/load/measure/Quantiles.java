package io.pipebench.load.measure;

import org.HdrHistogram.Histogram;

/** Percentiles of a latency histogram recorded in microseconds (or nanoseconds), in milliseconds; NaN when empty. */
public record Quantiles(long count, double p50, double p90, double p95, double p99, double p999, double max) {

    public static Quantiles of(Histogram micros) {
        return of(micros, 1e3);
    }

    /** From a histogram recorded in nanoseconds (stage costs of a few microseconds need the resolution). */
    public static Quantiles ofNanos(Histogram nanos) {
        return of(nanos, 1e6);
    }

    private static Quantiles of(Histogram h, double perMs) {
        if (h.getTotalCount() == 0) {
            return new Quantiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Quantiles(h.getTotalCount(), h.getValueAtPercentile(50) / perMs, h.getValueAtPercentile(90) / perMs,
                h.getValueAtPercentile(95) / perMs, h.getValueAtPercentile(99) / perMs,
                h.getValueAtPercentile(99.9) / perMs, h.getMaxValue() / perMs);
    }

    public boolean empty() {
        return count == 0;
    }
}
