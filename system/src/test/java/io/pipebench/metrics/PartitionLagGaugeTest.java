package io.pipebench.metrics;

import io.micrometer.core.instrument.Tags;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-partition lag gauge through a rebalance: committed offsets still say how far behind each partition is. */
class PartitionLagGaugeTest {

    @Test
    void aRebalancingGroupKeepsItsPartitionsAndOnlyUnknownLagIsLeftOut() {
        GroupLag rebalancing = GroupLag.of("audit", "PreparingRebalance", true, 0, true, List.of(
                partition(0, 40, 100, LagStatus.REBALANCING), partition(1, 90, 100, LagStatus.REBALANCING)));
        GroupLag stable = GroupLag.of("analytics", "Stable", false, 1, true, List.of(
                partition(0, 100, 100, LagStatus.OK), noOffset(1)));
        LagSnapshot snapshot = new LagSnapshot(Instant.parse("2026-12-01T00:00:00Z"), Duration.ofMillis(2),
                List.of(rebalancing, stable));

        assertThat(ConsumerLagMonitor.partitionLags(snapshot)).containsExactly(
                org.assertj.core.api.Assertions.entry(tags("audit", 0), 60L),
                org.assertj.core.api.Assertions.entry(tags("audit", 1), 10L),
                org.assertj.core.api.Assertions.entry(tags("analytics", 0), 0L));
        // The group totals count the same partitions, so the gauge and the alarm's sum agree.
        assertThat(rebalancing.sumLag()).hasValue(70);
    }

    private static Tags tags(String group, int partition) {
        return Tags.of("group", group, "topic", "order-events", "partition", String.valueOf(partition));
    }

    private static PartitionLag partition(int p, long committed, long end, LagStatus status) {
        return new PartitionLag("order-events", p, OptionalLong.of(committed), OptionalLong.of(end),
                OptionalLong.of(end - committed), OptionalLong.empty(), false, status);
    }

    private static PartitionLag noOffset(int p) {
        return new PartitionLag("order-events", p, OptionalLong.empty(), OptionalLong.of(100), OptionalLong.empty(),
                OptionalLong.empty(), false, LagStatus.NO_OFFSET);
    }
}
