package io.pipebench.metrics;

import java.util.List;
import java.util.OptionalLong;

/**
 * One consumer group at one sample: its state, its partitions, and the aggregates over its partitions' lag: status
 * {@link LagStatus#OK}, or {@link LagStatus#REBALANCING} with a committed offset and a log end. A rebalance does not
 * stop the lag from existing: committed offsets are kept by the coordinator through it, so the backlog is still
 * reported (MSK drops its lag metrics then, which is how a backlog goes unseen). The aggregates are empty (not 0) when
 * any partition that may hold records has no lag figure (its log end unreadable, or no committed offset while its log
 * is not empty): a total over the rest would pass for the group's whole backlog. The group's status then names why
 * ({@link LagStatus#UNAVAILABLE} before {@link LagStatus#NO_OFFSET}); a partition whose log is empty lags by nothing. The state is Kafka's group state by its name ("Stable",
 * "PreparingRebalance"...), a string so that readers of lag (the load harness's measuring core) need no Kafka type.
 */
public record GroupLag(String group, String state, int members, LagStatus status, List<PartitionLag> partitions,
                       OptionalLong maxLag, OptionalLong sumLag, OptionalLong maxTimeLagMs) {

    public GroupLag {
        partitions = List.copyOf(partitions);
    }

    /**
     * Builds the group row and its aggregates from the partition rows; {@code rebalancing} as the lag monitor reads
     * Kafka's state ({@link ConsumerLagMonitor#groupLag}).
     */
    static GroupLag of(String group, String state, boolean rebalancing, int members, boolean found,
                       List<PartitionLag> partitions) {
        List<PartitionLag> measured = partitions.stream().filter(p -> p.status() == LagStatus.OK
                || p.status() == LagStatus.REBALANCING && p.offsetLag().isPresent()).toList();
        // A partition that may hold records but has no lag figure (log end unreadable, or never committed) leaves the
        // group's totals unknown: summed over the other partitions they would read as a whole, smaller backlog.
        boolean incomplete = partitions.stream().anyMatch(p -> p.offsetLag().isEmpty()
                && p.logEndOffset().orElse(1) > 0);
        LagStatus status;
        if (!found && partitions.isEmpty()) {
            status = LagStatus.GROUP_NOT_FOUND;
        } else if (rebalancing) {
            status = LagStatus.REBALANCING;
        } else if (!measured.isEmpty() && !incomplete) {
            status = LagStatus.OK;
        } else if (partitions.stream().anyMatch(p -> p.status() == LagStatus.UNAVAILABLE)) {
            status = LagStatus.UNAVAILABLE;
        } else {
            status = LagStatus.NO_OFFSET;
        }
        if (measured.isEmpty() || incomplete || status != LagStatus.OK && status != LagStatus.REBALANCING) {
            return new GroupLag(group, state, members, status, partitions, OptionalLong.empty(),
                    OptionalLong.empty(), OptionalLong.empty());
        }
        long max = measured.stream().mapToLong(p -> p.offsetLag().getAsLong()).max().orElseThrow();
        long sum = measured.stream().mapToLong(p -> p.offsetLag().getAsLong()).sum();
        OptionalLong maxTime = measured.stream().filter(p -> p.timeLagMs().isPresent())
                .mapToLong(p -> p.timeLagMs().getAsLong()).max();
        return new GroupLag(group, state, members, status, partitions, OptionalLong.of(max),
                OptionalLong.of(sum), maxTime);
    }
}
