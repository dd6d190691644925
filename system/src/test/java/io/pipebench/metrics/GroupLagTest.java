package io.pipebench.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A group's totals cover every partition that may hold records, or there are none: a partial sum is not the backlog. */
class GroupLagTest {

    @Test
    void aPartitionWithRecordsButNoLagFigureLeavesTheGroupTotalsUnknown() {
        GroupLag unavailable = GroupLag.of("audit", "Stable", false, 1, true, List.of(
                measured(0, 90, 100), logEndUnknown(1), noOffset(2, 50_000)));
        assertThat(unavailable.status()).isEqualTo(LagStatus.UNAVAILABLE);
        assertThat(unavailable.sumLag()).isEmpty();
        assertThat(unavailable.maxLag()).isEmpty();

        GroupLag neverCommitted = GroupLag.of("audit", "Stable", false, 1, true, List.of(
                measured(0, 90, 100), noOffset(1, 50_000)));
        assertThat(neverCommitted.status()).isEqualTo(LagStatus.NO_OFFSET);
        assertThat(neverCommitted.sumLag()).isEmpty();

        GroupLag rebalancing = GroupLag.of("audit", "PreparingRebalance", true, 0, true, List.of(
                measured(0, 90, 100), noOffset(1, 50_000)));
        assertThat(rebalancing.status()).isEqualTo(LagStatus.REBALANCING);
        assertThat(rebalancing.sumLag()).isEmpty();
    }

    @Test
    void anEmptyPartitionNeverCommittedLagsByNothing() {
        GroupLag g = GroupLag.of("audit", "Stable", false, 1, true, List.of(measured(0, 90, 100), noOffset(1, 0)));
        assertThat(g.status()).isEqualTo(LagStatus.OK);
        assertThat(g.sumLag()).hasValue(10);
        assertThat(g.maxLag()).hasValue(10);
    }

    private static PartitionLag measured(int p, long committed, long end) {
        return new PartitionLag("order-events", p, OptionalLong.of(committed), OptionalLong.of(end),
                OptionalLong.of(end - committed), OptionalLong.empty(), false, LagStatus.OK);
    }

    private static PartitionLag logEndUnknown(int p) {
        return new PartitionLag("order-events", p, OptionalLong.of(10), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), false, LagStatus.UNAVAILABLE);
    }

    private static PartitionLag noOffset(int p, long end) {
        return new PartitionLag("order-events", p, OptionalLong.empty(), OptionalLong.of(end), OptionalLong.empty(),
                OptionalLong.empty(), false, LagStatus.NO_OFFSET);
    }
}
