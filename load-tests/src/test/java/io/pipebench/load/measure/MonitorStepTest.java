package io.pipebench.load.measure;

import io.pipebench.alarms.MetricSample;
import io.pipebench.metrics.GroupLag;
import io.pipebench.metrics.LagSnapshot;
import io.pipebench.metrics.LagStatus;
import io.pipebench.metrics.PipelineMeters;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class MonitorStepTest {

    private static final String DLQ = "dead-letters";

    /** 2 s warm-up, 3 s measured: seconds 0-1 warm-up, 2-4 measure, 5+ drain. */
    private static MonitorStep step(StopRule... rules) {
        return new MonitorStep(2, 5, DLQ, new LatencySamples(1), List.of(rules));
    }

    @Test
    void aMeasuredSecondBecomesItsRowItsLoggedIntervalsAndItsAlarmSamples() {
        MonitorStep step = step();
        Map<RunRecorder.View, Histogram> measured = histograms();
        measured.get(RunRecorder.View.PUBLISH).recordValue(1_000);
        measured.get(RunRecorder.View.PUBLISH).recordValue(3_000);
        Map<RunRecorder.View, Histogram> other = histograms();
        other.get(RunRecorder.View.PUBLISH).recordValue(40_000); // a drain record of the same second counts live
        Map<String, Long> lag = new LinkedHashMap<>();
        lag.put("a", 7L);
        lag.put("b", 12L);
        lag.put("c", null);

        MonitorStep.Outcome o = step.next(reading(2, 100, measured, other, OptionalLong.of(4), OptionalLong.of(9), lag,
                "broker 1 stopped", false));

        TimelineRow row = o.row();
        assertThat(row.phase()).isEqualTo("measure");
        assertThat(row.offset()).isZero();
        assertThat(row.sent()).isEqualTo(100);
        assertThat(row.publishP50()).isEqualTo(3.0, org.assertj.core.api.Assertions.within(0.01));
        assertThat(row.publishMax()).isEqualTo(40.0, org.assertj.core.api.Assertions.within(0.1));
        assertThat(row.e2eP95()).isNull(); // nothing read back in this second: no figure, not 0
        assertThat(row.lagMax()).isEqualTo(12L);
        assertThat(row.lag()).containsEntry("c", null);
        assertThat(row.event()).isEqualTo("broker 1 stopped");
        assertThat(o.logged()).containsOnlyKeys(RunRecorder.View.values());
        assertThat(o.samples()).filteredOn(m -> m.metric().equals(PipelineMeters.PRODUCER_LATENCY)).hasSize(2);
        assertThat(o.samples()).filteredOn(m -> m.metric().equals(PipelineMeters.MESSAGES_PRODUCED))
                .singleElement().satisfies(m -> assertThat(m.dimensions()).containsEntry("topic", DLQ));
        assertThat(step.totals().get(RunRecorder.View.PUBLISH).getTotalCount()).isEqualTo(2);
        assertThat(step.rows()).containsExactly(row);
    }

    @Test
    void anEmptyWarmUpSecondIsNotLoggedNorTotalledAndSecondsAfterTheWindowAreDrain() {
        MonitorStep step = step();
        MonitorStep.Outcome warm = step.next(reading(0, 10, histograms(), histograms(), OptionalLong.empty(),
                OptionalLong.empty(), Map.of(), null, false));
        assertThat(warm.row().phase()).isEqualTo("warmup");
        assertThat(warm.row().offset()).isEqualTo(-2);
        assertThat(warm.logged()).isEmpty();
        assertThat(warm.samples()).isEmpty();
        assertThat(step.phase(1)).isEqualTo("warmup");
        assertThat(step.phase(4)).isEqualTo("measure");
        assertThat(step.phase(5)).isEqualTo("drain");
    }

    @Test
    void observerTotalsBecomeGrowthSinceTheFirstReadingAndUnobservedStaysNull() {
        MonitorStep step = step();
        List<Long> failures = new ArrayList<>();
        List<Double> deltas = new ArrayList<>();
        // 100 at the start (earlier runs), +5, then the remote process restarts and reports 3
        for (long total : new long[] {100, 105, 3}) {
            MonitorStep.Outcome o = step.next(reading(failures.size() + 2, 0, histograms(), histograms(),
                    OptionalLong.of(total), OptionalLong.empty(), Map.of(), null, false));
            failures.add(o.row().processingFailures());
            assertThat(o.row().deadLetters()).isNull();
            o.samples().stream().filter(m -> m.metric().equals(PipelineMeters.CONSUMER_PROCESS_FAILURE))
                    .map(MetricSample::value).forEach(deltas::add);
            assertThat(o.samples()).noneMatch(m -> m.metric().equals(PipelineMeters.MESSAGES_PRODUCED));
        }
        assertThat(failures).containsExactly(0L, 5L, 8L);
        assertThat(deltas).containsExactly(0.0, 5.0, 3.0);
    }

    @Test
    void theFirstStopRuleThatFiresStopsOnceAndNeverInTheDrain() {
        List<Integer> seen = new ArrayList<>();
        StopRule atThree = rows -> {
            seen.add(rows.size());
            return rows.size() >= 3 ? Optional.of("too slow") : Optional.empty();
        };
        MonitorStep step = step(atThree, rows -> Optional.of("never asked"));
        // rules are asked in order until one fires
        assertThat(step.next(emptyReading(0, false)).stop()).contains("never asked");
        MonitorStep fresh = step(atThree);
        seen.clear();
        assertThat(fresh.next(emptyReading(0, false)).stop()).isEmpty();
        assertThat(fresh.next(emptyReading(1, false)).stop()).isEmpty();
        MonitorStep.Outcome third = fresh.next(emptyReading(2, false));
        assertThat(third.stop()).contains("too slow");
        assertThat(MonitorStep.stopEvent(third.row(), "too slow")).isEqualTo("t=+0s stopped injecting: too slow");
        assertThat(fresh.next(emptyReading(3, true)).stop()).isEmpty(); // already stopped: not asked again
        assertThat(fresh.next(emptyReading(5, false)).stop()).isEmpty(); // drain: not asked
        assertThat(seen).containsExactly(1, 2, 3);
    }

    @Test
    void cpuIsReadAsTheWindowOpensAndAtEachMeasuredSecondUntilAStop() {
        MonitorStep step = step();
        assertThat(step.cpuMark(0, false)).isEqualTo(MonitorStep.CpuMark.NONE);
        assertThat(step.cpuMark(1, false)).isEqualTo(MonitorStep.CpuMark.START);
        assertThat(step.cpuMark(2, false)).isEqualTo(MonitorStep.CpuMark.END);
        assertThat(step.cpuMark(3, true)).isEqualTo(MonitorStep.CpuMark.NONE);
        assertThat(step.cpuMark(5, false)).isEqualTo(MonitorStep.CpuMark.NONE);
    }

    @Test
    void lagByGroupKeepsTheGroupsOrderAndLeavesUnmeasuredGroupsNull() {
        LagSnapshot snapshot = new LagSnapshot(Instant.EPOCH, Duration.ZERO, List.of(
                group("b", OptionalLong.of(30)), group("a", OptionalLong.empty())));
        Map<String, Long> lag = MonitorStep.lagByGroup(snapshot, List.of("a", "b", "c"));
        assertThat(lag.keySet()).containsExactly("a", "b", "c");
        assertThat(lag.values()).containsExactly(null, 30L, null);
        assertThat(MonitorStep.lagByGroup(null, List.of("a"))).containsEntry("a", null);
    }

    /** A hung lag monitor once looked like flat lag: every row copied its last snapshot, however old. */
    @Test
    void aLagSnapshotOlderThanTwoSamplingIntervalsIsNoReading() {
        Instant taken = Instant.parse("2026-01-01T10:00:00Z");
        LagSnapshot snapshot = new LagSnapshot(taken, Duration.ZERO, List.of(group("a", OptionalLong.of(30))));
        assertThat(MonitorStep.lagByGroup(snapshot, List.of("a"), taken.plusSeconds(2))).containsEntry("a", 30L);
        assertThat(MonitorStep.lagByGroup(snapshot, List.of("a"), taken.plusSeconds(2).plusMillis(1)))
                .containsEntry("a", null);
        assertThat(MonitorStep.lagByGroup(snapshot, List.of("a"), taken.plusSeconds(60))).containsEntry("a", null);
    }

    static GroupLag group(String id, OptionalLong sumLag) {
        return new GroupLag(id, "Stable", 1, sumLag.isPresent() ? LagStatus.OK : LagStatus.NO_OFFSET,
                List.of(), sumLag, sumLag, OptionalLong.empty());
    }

    private static MonitorStep.Reading emptyReading(int s, boolean stopped) {
        return reading(s, 0, histograms(), histograms(), OptionalLong.empty(), OptionalLong.empty(), Map.of(), null,
                stopped);
    }

    private static MonitorStep.Reading reading(int s, long sent, Map<RunRecorder.View, Histogram> measured,
                                               Map<RunRecorder.View, Histogram> other, OptionalLong failures,
                                               OptionalLong deadLetters, Map<String, Long> lag, String event,
                                               boolean stopped) {
        return new MonitorStep.Reading(s, Instant.EPOCH.plusSeconds(s + 1), sent, sent, sent, 0, measured, other,
                failures, deadLetters, deadLetters.isPresent() ? OptionalLong.of(0) : OptionalLong.empty(), lag, event,
                stopped);
    }

    static Map<RunRecorder.View, Histogram> histograms() {
        Map<RunRecorder.View, Histogram> out = new EnumMap<>(RunRecorder.View.class);
        for (RunRecorder.View v : RunRecorder.View.values()) {
            out.put(v, new Histogram(RunRecorder.HIGHEST_MICROS, 3));
        }
        return out;
    }
}
