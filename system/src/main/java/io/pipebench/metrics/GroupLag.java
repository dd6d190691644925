package io.pipebench.metrics;

import org.apache.kafka.common.GroupState;

import java.util.List;
import java.util.OptionalLong;

/**
 * One consumer group at one sample: its state, its partitions, and the aggregates over the partitions whose status
 * is {@link LagStatus#OK}. The aggregates are empty (not 0) when no partition could be measured or the group is
 * rebalancing.
 */
public record GroupLag(String group, GroupState state, int members, LagStatus status, List<PartitionLag> partitions,
                       OptionalLong maxLag, OptionalLong sumLag, OptionalLong maxTimeLagMs) {

    public GroupLag {
        partitions = List.copyOf(partitions);
    }

    /** Builds the group row and its aggregates from the partition rows. */
    static GroupLag of(String group, GroupState state, int members, boolean found, List<PartitionLag> partitions) {
        boolean rebalancing = ConsumerLagMonitor.isRebalancing(state);
        List<PartitionLag> measured = partitions.stream().filter(p -> p.status() == LagStatus.OK).toList();
        LagStatus status;
        if (!found && partitions.isEmpty()) {
            status = LagStatus.GROUP_NOT_FOUND;
        } else if (rebalancing) {
            status = LagStatus.REBALANCING;
        } else if (!measured.isEmpty()) {
            status = LagStatus.OK;
        } else if (partitions.stream().anyMatch(p -> p.status() == LagStatus.UNAVAILABLE)) {
            status = LagStatus.UNAVAILABLE;
        } else {
            status = LagStatus.NO_OFFSET;
        }
        if (status != LagStatus.OK) {
            return new GroupLag(group, state, members, status, partitions, OptionalLong.empty(), OptionalLong.empty(),
                    OptionalLong.empty());
        }
        long max = measured.stream().mapToLong(p -> p.offsetLag().getAsLong()).max().orElseThrow();
        long sum = measured.stream().mapToLong(p -> p.offsetLag().getAsLong()).sum();
        OptionalLong maxTime = measured.stream().filter(p -> p.timeLagMs().isPresent())
                .mapToLong(p -> p.timeLagMs().getAsLong()).max();
        return new GroupLag(group, state, members, status, partitions, OptionalLong.of(max), OptionalLong.of(sum),
                maxTime);
    }
}
