package io.pipebench.load.scenario;

import io.pipebench.load.measure.TimelineRow;
import io.pipebench.load.plan.InjectionPlan;
import io.pipebench.load.plan.Segment;
import io.pipebench.load.scenario.RatioFigures.Climb;
import io.pipebench.load.scenario.RatioFigures.Round;
import io.pipebench.load.scenario.RatioFigures.Spread;
import io.pipebench.load.scenario.RatioFigures.StepResult;
import io.pipebench.load.verdict.Check;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

import static io.pipebench.load.scenario.RatioFigures.LADDER_STEPS;
import static io.pipebench.load.scenario.RatioFigures.STEP_SECONDS;
import static io.pipebench.load.scenario.RatioFigures.WARMUP_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The injector ratio's rules on plain values: no cluster, no run. */
class RatioFiguresTest {

    @Test
    void theLadderClimbsByTenPercentFromTenThousandAfterAWarmUpRamp() {
        assertThat(RatioFigures.rung(0)).isEqualTo(10_000.0);
        assertThat(RatioFigures.rung(1)).isCloseTo(11_000.0, within(1e-6));
        assertThat(RatioFigures.rung(2)).isCloseTo(12_100.0, within(1e-6));
        InjectionPlan plan = RatioFigures.ladderPlan();
        assertThat(plan.segments()).hasSize(1 + LADDER_STEPS);
        assertThat(plan.segments().get(0)).isEqualTo(new Segment(1_000, 10_000, WARMUP_SECONDS, Segment.Phase.WARMUP));
        assertThat(plan.segments().get(2)).isEqualTo(Segment.hold(RatioFigures.rung(1), STEP_SECONDS,
                Segment.Phase.MEASURE));
        assertThat(plan.warmupSeconds()).isEqualTo(WARMUP_SECONDS);
        assertThat(plan.measuredSeconds()).isEqualTo((long) LADDER_STEPS * STEP_SECONDS);
    }

    /** The first second of a step is its ramp from the rung below: only the last four are judged. */
    @Test
    void aStepIsJudgedOnItsLastFourSecondsOnceAllAreIn() {
        List<TimelineRow> rows = timeline(1, i -> 1.0);
        assertThat(rows.get(WARMUP_SECONDS).sent()).isZero();
        assertThat(RatioFigures.step(rows, 0)).contains(new StepResult(10_000, 10_000, 10_000, 0, true));
        assertThat(RatioFigures.step(rows.subList(0, rows.size() - 1), 0)).isEmpty();
        assertThat(RatioFigures.step(rows, 1)).isEmpty();
    }

    @Test
    void aStepIsSustainedAtNinetyFivePercentSentAndAcknowledgedAndNoFailure() {
        assertThat(RatioFigures.step(timeline(1, i -> 0.95), 0)).hasValueSatisfying(s -> assertThat(s.sustained())
                .isTrue());
        assertThat(RatioFigures.step(timeline(1, i -> 0.94), 0)).hasValueSatisfying(s -> assertThat(s.sustained())
                .isFalse());
        List<TimelineRow> failing = new ArrayList<>(timeline(1, i -> 1.0));
        TimelineRow last = failing.remove(failing.size() - 1);
        failing.add(row(last.second(), last.intendedRate(), last.sent(), last.acked(), 1));
        assertThat(RatioFigures.step(failing, 0)).hasValueSatisfying(s -> assertThat(s.failed()).isEqualTo(1))
                .hasValueSatisfying(s -> assertThat(s.sustained()).isFalse());
    }

    @Test
    void theClimbEndsAtTheFirstStepNotSustainedAndTheStopRuleStopsThere() {
        List<TimelineRow> rows = timeline(3, i -> i < 2 ? 1.0 : 0.9);
        Climb climb = RatioFigures.climb(rows);
        assertThat(climb.steps()).extracting(StepResult::sustained).containsExactly(true, true, false);
        assertThat(climb.best()).isEqualTo(RatioFigures.rung(1));
        assertThat(climb.stop()).isEqualTo("12100/s was not sustained: 10890/s sent, 10890/s acknowledged, 0 failed");
        assertThat(RatioFigures.stopAtFirstUnsustained().evaluate(rows))
                .contains("the step at 12100/s was not sustained");
        assertThat(RatioFigures.stopAtFirstUnsustained().evaluate(rows.subList(0, rows.size() - 1))).isEmpty();
    }

    @Test
    void aClimbWithEveryStepSustainedReachesTheTopRung() {
        Climb climb = RatioFigures.climb(timeline(LADDER_STEPS, i -> 1.0));
        assertThat(climb.steps()).hasSize(LADDER_STEPS);
        assertThat(climb.best()).isEqualTo(RatioFigures.rung(LADDER_STEPS - 1));
        assertThat(climb.stop()).isEqualTo("every step sustained, up to 158631/s");
        assertThat(RatioFigures.climb(timeline(0, i -> 1.0)).best()).isZero();
    }

    @Test
    void aRoundsRatiosAreAgainstProducerPerformanceAndZeroWithoutIt() {
        Round r = round(1, 100_000, 80_000, 90_000);
        assertThat(r.ratio()).isEqualTo(0.9);
        assertThat(r.saturatedRatio()).isEqualTo(1.2);
        assertThat(r.sameBytesRatio()).isEqualTo(1.5);
        assertThat(r.rawSaturatedRatio()).isEqualTo(1.5);
        Round none = new Round(2, 0, 0, 1, 90_000, List.of(), "x", 120_000, 150_000);
        assertThat(List.of(none.ratio(), none.saturatedRatio(), none.sameBytesRatio(), none.rawSaturatedRatio()))
                .containsOnly(0.0);
    }

    @Test
    void theMedianOfRounds() {
        assertThat(RatioFigures.median(new double[] {0.8, 0.9, 1.1})).isEqualTo(0.9);
        assertThat(RatioFigures.median(new double[] {0.8, 1.0})).isEqualTo(0.9);
        Spread s = Spread.of(List.of(round(1, 100, 100, 110), round(2, 100, 100, 80), round(3, 100, 100, 90)),
                Round::ratio);
        assertThat(s.sorted()).containsExactly(0.8, 0.9, 1.1);
        assertThat(List.of(s.median(), s.min(), s.max())).containsExactly(0.9, 0.8, 1.1);
    }

    @Test
    void theVerdictBreachesBelowNinetyPercent() {
        Check below = RatioFigures.check(0.89, 5);
        assertThat(below.state()).isEqualTo(Check.State.BREACHED);
        assertThat(below.name()).isEqualTo("injector.ratio.median");
        assertThat(below.detail()).endsWith("median of 5 rounds");
        assertThat(RatioFigures.check(0.9, 5).state()).isEqualTo(Check.State.OK);
    }

    @Test
    void cpuPerRecordInMicroseconds() {
        assertThat(RatioFigures.cpuMicrosPerRecord(2_000_000_000L, 100_000)).isEqualTo(20.0);
    }

    /** pp and ppWhole records/s, the send action's highest sustained step; unpaced 120,000/s, raw-kafka 150,000/s. */
    private static Round round(int n, double pp, double ppWhole, double oursMax) {
        return new Round(n, pp, ppWhole, 2_000_000, oursMax, List.of(), "x", 120_000 * pp / 100_000,
                150_000 * pp / 100_000);
    }

    /**
     * The warm-up, then {@code steps} steps of the ladder, each intending its rung every second; of each step's judged
     * seconds, {@code share} of the rung is sent and acknowledged (nothing in its first second, which is not judged).
     */
    private static List<TimelineRow> timeline(int steps, IntToDoubleFunction share) {
        List<TimelineRow> rows = new ArrayList<>();
        for (int s = 0; s < WARMUP_SECONDS; s++) {
            rows.add(row(s, 1_000, 1_000, 1_000, 0));
        }
        for (int i = 0; i < steps; i++) {
            double rate = RatioFigures.rung(i);
            for (int k = 0; k < STEP_SECONDS; k++) {
                long done = k == 0 ? 0 : (long) (share.applyAsDouble(i) * rate);
                rows.add(row(WARMUP_SECONDS + i * STEP_SECONDS + k, rate, done, done, 0));
            }
        }
        return rows;
    }

    private static TimelineRow row(int s, double intended, long sent, long acked, long failed) {
        return new TimelineRow(s, s - WARMUP_SECONDS, Instant.EPOCH.plusSeconds(s),
                s < WARMUP_SECONDS ? "warmup" : "measure", intended, sent, acked, failed, null, null, null, null, null,
                null, null, Map.of(), null, null, null, null, null);
    }
}
