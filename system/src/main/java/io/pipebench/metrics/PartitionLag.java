package io.pipebench.metrics;

import java.util.OptionalLong;

/**
 * One partition of one group at one sample.
 *
 * @param logEndOffset the high watermark (ListOffsets "latest"): the end of what consumers can read
 * @param offsetLag {@code logEnd - committed}, present whenever both are known (also while rebalancing)
 * @param timeLagMs how long the oldest unconsumed record (the one at the committed offset) has been in the log;
 *                  0 when there is no lag
 * @param timeLagLowerBound true when that record is older than the monitor's offset history, so the time lag is
 *                          only known to be at least {@code timeLagMs}
 */
public record PartitionLag(String topic, int partition, OptionalLong committedOffset, OptionalLong logEndOffset,
                           OptionalLong offsetLag, OptionalLong timeLagMs, boolean timeLagLowerBound,
                           LagStatus status) {
}
