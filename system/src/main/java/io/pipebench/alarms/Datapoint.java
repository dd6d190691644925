package io.pipebench.alarms;

import java.time.Duration;
import java.time.Instant;

/**
 * One period's statistic: the part {@code [start, end)} of the period that lies inside the timeline, the value, how
 * many samples it was computed from, and whether the period reaches outside the timeline ({@code partial}: it covers
 * less than a whole period of data, as CloudWatch sees a metric that starts or stops inside the period).
 */
public record Datapoint(Instant start, Instant end, double value, int sampleCount, boolean partial) {

    /** How many seconds of the period lie inside the timeline. */
    public long coveredSeconds() {
        return Duration.between(start, end).toSeconds();
    }
}
