package io.pipebench.load.measure;

import io.pipebench.alarms.MetricSample;
import io.pipebench.metrics.LagSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class RunWindowTest {

    private static final Instant START = Instant.EPOCH.plusSeconds(10);
    private static final Instant END = Instant.EPOCH.plusSeconds(20);

    @Test
    void maxLagCountsOnlySamplesInsideTheWindowAndOmitsUnmeasuredGroups() {
        List<LagSnapshot> snapshots = List.of(
                snapshot(5, 9_000, OptionalLong.of(1)), // before the window: its backlog is warm-up's
                snapshot(12, 40, OptionalLong.empty()),
                snapshot(20, 70, OptionalLong.empty()),
                snapshot(21, 8_000, OptionalLong.empty()));
        assertThat(RunWindow.maxLag(snapshots, START, END)).containsExactly(Map.entry("a", 70L));
    }

    @Test
    void aMetricWithoutSamplesInTheWindowIsEmptyNotZero() {
        List<MetricSample> samples = List.of(new MetricSample(START.minusSeconds(1), "dlq", Map.of(), 4),
                new MetricSample(START, "dlq", Map.of(), 2), new MetricSample(END, "dlq", Map.of(), 3),
                new MetricSample(START, "other", Map.of(), 100));
        assertThat(RunWindow.sum(samples, "dlq", START, END)).hasValue(5);
        assertThat(RunWindow.sum(samples, "failures", START, END)).isEmpty();
        assertThat(RunWindow.sum(List.of(new MetricSample(START, "dlq", Map.of(), 0)), "dlq", START, END)).hasValue(0);
    }

    @Test
    void cpuUsedIsTheDifferenceOfPartsReadAtBothEdges() {
        assertThat(RunWindow.cpuUsed(Map.of("system", 100L, "harness", 5L), Map.of("system", 350L, "gatling", 9L)))
                .containsExactly(Map.entry("system", 250L));
        assertThat(RunWindow.cpuUsed(null, Map.of("system", 350L))).isEmpty();
    }

    @Test
    void anUnreadablePartStaysAsUnreadableSoNoTotalIsMadeWithoutIt() {
        // The local PostgreSQL's processes could not be read at one edge: its share is unknown, not zero.
        assertThat(RunWindow.cpuUsed(Map.of("jvm", 100L, "postgres", -1L), Map.of("jvm", 350L, "postgres", 70L)))
                .containsEntry("jvm", 250L).containsEntry("postgres", RunWindow.UNREADABLE);
    }

    private static LagSnapshot snapshot(int second, long lagA, OptionalLong lagB) {
        return new LagSnapshot(Instant.EPOCH.plusSeconds(second), Duration.ZERO, List.of(
                MonitorStepTest.group("a", OptionalLong.of(lagA)), MonitorStepTest.group("b", lagB)));
    }
}
