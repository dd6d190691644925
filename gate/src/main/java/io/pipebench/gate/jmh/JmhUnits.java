package io.pipebench.gate.jmh;

import java.util.Map;
import java.util.Optional;

/**
 * Conversions between JMH's score units, so a baseline in ops/ms can be compared with a run in ops/s. JMH prints
 * throughput as ops/&lt;time&gt; and average/sample/single-shot time as &lt;time&gt;/op.
 */
public final class JmhUnits {

    // Seconds per time unit as JMH spells them (TimeUnit short names).
    private static final Map<String, Double> SECONDS = Map.of(
            "ns", 1e-9, "us", 1e-6, "ms", 1e-3, "s", 1.0, "min", 60.0, "hr", 3600.0, "day", 86400.0);

    private JmhUnits() {
    }

    /** The factor f such that value[from] * f = value[to], or empty when the units are of different kinds. */
    public static Optional<Double> factor(String from, String to) {
        if (from.equals(to)) {
            return Optional.of(1.0);
        }
        Double fromRate = perSecond(from);
        Double toRate = perSecond(to);
        if (fromRate != null && toRate != null) {
            return Optional.of(fromRate / toRate);
        }
        Double fromTime = secondsPerOp(from);
        Double toTime = secondsPerOp(to);
        if (fromTime != null && toTime != null) {
            return Optional.of(fromTime / toTime);
        }
        return Optional.empty();
    }

    /** True for ops/&lt;time&gt; units. */
    public static boolean isThroughput(String unit) {
        return perSecond(unit) != null;
    }

    /** True for &lt;time&gt;/op units. */
    public static boolean isTimePerOp(String unit) {
        return secondsPerOp(unit) != null;
    }

    // "ops/ms" -> 1000 (ops per second for one unit).
    private static Double perSecond(String unit) {
        if (!unit.startsWith("ops/")) {
            return null;
        }
        Double seconds = SECONDS.get(unit.substring(4));
        return seconds == null ? null : 1.0 / seconds;
    }

    // "ms/op" -> 0.001 (seconds per op for one unit).
    private static Double secondsPerOp(String unit) {
        return unit.endsWith("/op") ? SECONDS.get(unit.substring(0, unit.length() - 3)) : null;
    }
}
