package io.pipebench.gate.hdr;

import java.util.Locale;
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

    /**
     * The one text form of these figures, every percentile in order: {@code p50 1.50  p90 1.80  p95 2.10  p99 3.00
     * p99.9 4.20  max 5.00 ms  (count 42)}, or {@code no data} when nothing was recorded.
     *
     * @param number the format of each figure: {@code %.3f}, or {@code %8.2f} for lines that align in columns
     */
    public String line(String number) {
        if (empty()) {
            return "no data";
        }
        return String.format(Locale.ROOT, "p50 " + number + "  p90 " + number + "  p95 " + number + "  p99 " + number
                + "  p99.9 " + number + "  max " + number + " ms  (count %d)", p50, p90, p95, p99, p999, max, count);
    }
}
