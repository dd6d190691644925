package io.pipebench.load.measure;

import org.HdrHistogram.Histogram;

/** Percentiles of a latency histogram recorded in microseconds, in milliseconds; all NaN when it is empty. */
public record Quantiles(long count, double p50, double p90, double p95, double p99, double p999, double max) {

    public static Quantiles of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new Quantiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Quantiles(micros.getTotalCount(), ms(micros, 50), ms(micros, 90), ms(micros, 95), ms(micros, 99),
                ms(micros, 99.9), micros.getMaxValue() / 1000.0);
    }

    private static double ms(Histogram h, double p) {
        return h.getValueAtPercentile(p) / 1000.0;
    }

    public boolean empty() {
        return count == 0;
    }
}
