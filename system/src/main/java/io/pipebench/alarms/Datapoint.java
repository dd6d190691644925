package io.pipebench.alarms;

import java.time.Instant;

/**
 * One period's statistic: the period {@code [start, end)} (the last period of a timeline may be cut short at its end),
 * the value, and how many samples it was computed from.
 */
public record Datapoint(Instant start, Instant end, double value, int sampleCount) {
}
