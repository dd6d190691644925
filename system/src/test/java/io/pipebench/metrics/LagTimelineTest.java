package io.pipebench.metrics;

import io.pipebench.alarms.MetricSample;
import io.pipebench.alarms.MetricTimeline;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class LagTimelineTest {

    private static final Instant T = Instant.parse("2025-01-01T00:00:01Z");

    @Test
    void writesOneLinePerPartitionAndReadsItBackWithUnmeasuredFiguresAsNull(@TempDir Path dir) throws Exception {
        LagSnapshot s = snapshot(T);
        Path file = dir.resolve("lag.jsonl");
        try (LagTimelineWriter w = LagTimelineWriter.create(file)) {
            w.onSample(s);
            w.onSample(snapshot(T.plusSeconds(1)));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2 * 6);
        assertThat(lines.get(1)).contains("\"offsetLag\":null").contains("\"status\":\"NO_OFFSET\"");
        assertThat(lines.get(2)).contains("\"timeLagLowerBound\":true");
        assertThat(lines.get(5)).contains("\"topic\":null").contains("\"status\":\"GROUP_NOT_FOUND\"");

        List<LagRecord> back = LagTimelineReader.read(file);
        assertThat(back).hasSize(12);
        assertThat(back.get(0)).isEqualTo(new LagRecord(T, "orders", "order-events", OptionalInt.of(0),
                OptionalLong.of(7), OptionalLong.of(1500), false, LagStatus.OK));
        assertThat(back.get(2).timeLagLowerBound()).isTrue();
        assertThat(back.get(1).offsetLag()).isEmpty();
        assertThat(back.get(1).status()).isEqualTo(LagStatus.NO_OFFSET);
        assertThat(back.get(3).status()).isEqualTo(LagStatus.REBALANCING);
        assertThat(back.get(5).partition()).isEmpty();
        assertThat(LagTimelineReader.isLagLine(lines.get(0))).isTrue();
        assertThat(LagTimelineReader.isLagLine(MetricTimeline.toLine(MetricSample.of(T, "m", 1)))).isFalse();
    }

    @Test
    void theReadBackTimelineGivesTheSameMetricSamplesAsTheLiveSnapshot(@TempDir Path dir) throws Exception {
        LagSnapshot s = snapshot(T);
        Path file = dir.resolve("lag.jsonl");
        try (LagTimelineWriter w = LagTimelineWriter.create(file)) {
            w.onSample(s);
        }
        List<MetricSample> live = s.toMetricSamples();
        assertThat(live).containsExactlyInAnyOrder(
                new MetricSample(T, "kafka.consumer.lag", Map.of("group", "orders", "statistic", "max"), 7),
                new MetricSample(T, "kafka.consumer.lag", Map.of("group", "orders", "statistic", "sum"), 10),
                new MetricSample(T, "kafka.consumer.lag.seconds", Map.of("group", "orders", "statistic", "max"), 1.5),
                // payments rebalances: its lag is still measured from the committed offsets
                new MetricSample(T, "kafka.consumer.lag", Map.of("group", "payments", "statistic", "max"), 8),
                new MetricSample(T, "kafka.consumer.lag", Map.of("group", "payments", "statistic", "sum"), 8),
                new MetricSample(T, "kafka.consumer.lag.seconds", Map.of("group", "payments", "statistic", "max"), 0.1));
        assertThat(LagTimelineReader.toMetricSamples(LagTimelineReader.read(file))).containsExactlyInAnyOrderElementsOf(live);
    }

    /** orders: two OK partitions and an empty one without offset; payments: rebalancing; audit: not found. */
    private static LagSnapshot snapshot(Instant t) {
        GroupLag orders = ConsumerLagMonitor.groupLag("orders", GroupState.STABLE, 2, true, List.of(
                new PartitionLag("order-events", 0, OptionalLong.of(3), OptionalLong.of(10), OptionalLong.of(7),
                        OptionalLong.of(1500), false, LagStatus.OK),
                // never committed, and empty: it lags by nothing (with records it would leave the totals unknown)
                new PartitionLag("order-events", 1, OptionalLong.empty(), OptionalLong.of(0), OptionalLong.empty(),
                        OptionalLong.empty(), false, LagStatus.NO_OFFSET),
                new PartitionLag("order-events", 2, OptionalLong.of(5), OptionalLong.of(8), OptionalLong.of(3),
                        OptionalLong.of(200), true, LagStatus.OK)));
        GroupLag payments = ConsumerLagMonitor.groupLag("payments", GroupState.PREPARING_REBALANCE, 1, true, List.of(
                new PartitionLag("payment-events", 0, OptionalLong.of(1), OptionalLong.of(9), OptionalLong.of(8),
                        OptionalLong.of(100), false, LagStatus.REBALANCING),
                new PartitionLag("payment-events", 1, OptionalLong.of(1), OptionalLong.of(1), OptionalLong.of(0),
                        OptionalLong.of(0), false, LagStatus.REBALANCING)));
        GroupLag audit = ConsumerLagMonitor.groupLag("audit", GroupState.DEAD, 0, false, List.of());
        assertThat(orders.status()).isEqualTo(LagStatus.OK);
        assertThat(orders.maxLag()).hasValue(7);
        assertThat(orders.sumLag()).hasValue(10);
        assertThat(payments.status()).isEqualTo(LagStatus.REBALANCING);
        // Still measured from the committed offsets while the group rebalances: a backlog does not vanish.
        assertThat(payments.sumLag()).hasValue(8);
        assertThat(payments.maxLag()).hasValue(8);
        assertThat(audit.status()).isEqualTo(LagStatus.GROUP_NOT_FOUND);
        return new LagSnapshot(t, Duration.ofMillis(3), List.of(orders, payments, audit));
    }
}
