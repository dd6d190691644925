package io.pipebench.gate.hdr;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The percentiles the harness reports, read from one histogram. Values are in the histogram's unit: the harness
 * records microseconds.
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

    /** One line in milliseconds, values recorded in microseconds. */
    public String toMillisLine() {
        return String.format(Locale.ROOT, "%-16s count=%-10d p50=%.3f p90=%.3f p95=%.3f p99=%.3f p99.9=%.3f max=%.3f ms",
                tag.isEmpty() ? "(untagged)" : tag, count, p50 / 1000.0, p90 / 1000.0, p95 / 1000.0, p99 / 1000.0,
                p999 / 1000.0, max / 1000.0);
    }
}
