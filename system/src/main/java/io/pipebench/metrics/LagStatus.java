package io.pipebench.metrics;

/**
 * Whether a lag figure could be measured, and if not, why. Anything but {@link #OK} means "no number": a partition or
 * group in another state is never reported as lag 0.
 */
public enum LagStatus {
    /** Committed offset and log-end offset both known; the lag is their difference. */
    OK,
    /** The group has no committed offset for the partition (it never committed, or its offsets expired). */
    NO_OFFSET,
    /**
     * The group is rebalancing: its partitions are changing hands. MSK drops their lag; here it is still reported
     * from the committed offsets where both offsets are known, as the group totals and the per-partition gauge do.
     */
    REBALANCING,
    /** The partition's log-end offset could not be read (no leader, topic deleted, request timed out). */
    UNAVAILABLE,
    /** The group does not exist: no members and no committed offsets. */
    GROUP_NOT_FOUND
}
