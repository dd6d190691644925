package io.pipebench.alarms;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One observation of a metric. For a counter the value is an increment (so a period's {@code Sum} is the count in the
 * period), for a gauge the sampled value, for a latency one observation in milliseconds.
 */
public record MetricSample(Instant time, String metric, Map<String, String> dimensions, double value) {

    public MetricSample {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(metric, "metric");
        dimensions = dimensions == null ? Map.of() : Map.copyOf(dimensions);
        // A NaN makes a period's Maximum NaN, and NaN > threshold is false: the breach would be hidden.
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("sample of " + metric + " " + dimensions + " at " + time + " is "
                    + value + ": a metric sample must be a finite number (record no sample when there is no value)");
        }
    }

    public static MetricSample of(Instant time, String metric, double value) {
        return new MetricSample(time, metric, Map.of(), value);
    }
}
