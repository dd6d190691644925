package io.pipebench.metrics;

import java.time.Instant;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One line of a lag timeline: one partition of one group at one sample. A group without any partition (not found,
 * nothing committed or assigned) has one line with no topic and no partition.
 *
 * @param timeLagLowerBound true when the record at the committed offset predates the monitor's history, so the time
 *                          lag is at least {@code timeLagMs}
 */
public record LagRecord(Instant time, String group, String topic, OptionalInt partition, OptionalLong offsetLag,
                        OptionalLong timeLagMs, boolean timeLagLowerBound, LagStatus status) {
}
