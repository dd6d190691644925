package io.pipebench.gate.hdr;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The percentiles the harness reports, read from one histogram. Values are in the histogram's unit: the harness
 * records microseconds. {@link #inMillis} gives them in milliseconds.
 *
 * @param tag   the histogram's tag in its log ("" for untagged)
 * @param count number of recorded values
 * @param p50   median
 * @param p90   90th percentile
 * @param p95   95th percentile
 * @param p99   99th percentile
 * @param p999  99.9th percentile
 * @param max   largest recorded value (to the histogram's precision)
 */
public record Percentiles(String tag, long count, long p50, long p90, long p95, long p99, long p999, long max) {

    /** Reads the percentiles of a histogram. */
    public static Percentiles of(String tag, Histogram histogram) {
        return new Percentiles(tag, histogram.getTotalCount(),
                histogram.getValueAtPercentile(50.0),
                histogram.getValueAtPercentile(90.0),
                histogram.getValueAtPercentile(95.0),
                histogram.getValueAtPercentile(99.0),
                histogram.getValueAtPercentile(99.9),
                histogram.getMaxValue());
    }

    /**
     * In milliseconds; NaN when nothing was recorded.
     *
     * @param unitsPerMilli the histogram's units in a millisecond: 1e3 for microseconds, 1e6 for nanoseconds
     */
    public Quantiles inMillis(double unitsPerMilli) {
        if (count == 0) {
            return new Quantiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Quantiles(count, p50 / unitsPerMilli, p90 / unitsPerMilli, p95 / unitsPerMilli,
                p99 / unitsPerMilli, p999 / unitsPerMilli, max / unitsPerMilli);
    }

    /** One line in milliseconds, values recorded in microseconds: the tag, then {@link Quantiles#line}. */
    public String toMillisLine() {
        return String.format(Locale.ROOT, "%-16s %s", tag.isEmpty() ? "(untagged)" : tag, inMillis(1e3).line("%.3f"));
    }
}
