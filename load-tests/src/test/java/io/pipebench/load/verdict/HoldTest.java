package io.pipebench.load.verdict;

import io.pipebench.load.measure.TimelineRow;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HoldTest {

    private static final Hold.Rules RULES = new Hold.Rules(300, 300, 0.95, 100);
    private static final BiFunction<Long, Long, List<Check>> ALARMS_OK = (from, to) -> List.of(
            new Check("high-consumer-lag", Check.Kind.ALARM, Check.State.OK, 10.0, 1000, ">", "Count", ""));

    @Test
    void aSteadyRateWithFlatNoisyLagIsHeldForTheWholeWindow() {
        List<TimelineRow> rows = rows(320, s -> 1000.0, s -> 1000L, s -> 40L + (s * 7919 % 31));
        Hold.Result r = Hold.analyse(rows, RULES, ALARMS_OK);
        assertThat(r.held()).isTrue();
        assertThat(r.heldRate()).isEqualTo(1000.0);
        assertThat(r.heldSeconds()).isEqualTo(300);
    }

    /** The committed peak run's failure: lag growing ~300 records/s while acknowledgements kept up. */
    @Test
    void growingLagIsNotHeldEvenWhenEveryEventIsAcknowledged() {
        List<TimelineRow> rows = rows(300, s -> 1000.0, s -> 1000L, s -> 300L * s);
        Hold.Result r = Hold.analyse(rows, RULES, ALARMS_OK);
        assertThat(r.held()).isFalse();
        assertThat(r.heldRate()).isZero();
        assertThat(r.reason()).contains("lag grew", "fall behind");
    }

    /** A slow creep (0.2 records/s: 60 over the window) is significant but below the noise floor of 100 records. */
    @Test
    void aSlowCreepBelowTheNoiseFloorStillHolds() {
        List<TimelineRow> rows = rows(300, s -> 1000.0, s -> 1000L, s -> 20L + s / 5);
        assertThat(Hold.analyse(rows, RULES, ALARMS_OK).held()).isTrue();
    }

    @Test
    void aRunShorterThanTheHoldHoldsNothingAndSaysWhy() {
        Hold.Result r = Hold.analyse(rows(45, s -> 1547.0, s -> 1547L, s -> 10L), RULES, ALARMS_OK);
        assertThat(r.held()).isFalse();
        assertThat(r.reason()).contains("injected for 45 s", "300 s hold");
    }

    @Test
    void tooFewAcknowledgementsAreNotHeld() {
        Hold.Result r = Hold.analyse(rows(300, s -> 1000.0, s -> 900L, s -> 10L), RULES, ALARMS_OK);
        assertThat(r.held()).isFalse();
        assertThat(r.reason()).contains("0.900 of the intended events acknowledged");
    }

    @Test
    void lagUnmeasuredForMoreThanTwoSecondsFailsClosed() {
        Hold.Result r = Hold.analyse(rows(300, s -> 1000.0, s -> 1000L, s -> s >= 100 && s < 103 ? null : 10L),
                RULES, ALARMS_OK);
        assertThat(r.held()).isFalse();
        assertThat(r.reason()).contains("unmeasured");
    }

    @Test
    void anAlarmThatCouldNotBeEvaluatedFailsTheHold() {
        BiFunction<Long, Long, List<Check>> noData = (from, to) -> List.of(new Check("high-consumer-lag",
                Check.Kind.ALARM, Check.State.NO_DATA, null, 1000, ">", "Count", "no sample"));
        Hold.Result r = Hold.analyse(rows(300, s -> 1000.0, s -> 1000L, s -> 10L), RULES, noData);
        assertThat(r.held()).isFalse();
        assertThat(r.reason()).contains("alarm high-consumer-lag");
    }

    /** With no enabled alarm, "every alarm OK" was vacuously true and the window held. */
    @Test
    void aWindowWithNoAlarmAtAllIsNotHeld() {
        Hold.Result r = Hold.analyse(rows(300, s -> 1000.0, s -> 1000L, s -> 10L), RULES, (from, to) -> List.of());
        assertThat(r.held()).isFalse();
        assertThat(r.reason()).contains("no alarm was evaluated over the window");
    }

    /** On a ramp the held rate is what was sustained for a whole window before the consumers fell behind. */
    @Test
    void onARampTheHeldRateIsTheLowestRateOfTheBestHeldWindow() {
        // 10/s more every second; lag flat until 400 s, then growing 50 records/s.
        List<TimelineRow> rows = rows(600, s -> 100.0 + 10 * s, s -> (long) (100 + 10 * s),
                s -> s < 400 ? 20L : 20L + 50L * (s - 400));
        Hold.Result r = Hold.analyse(rows, RULES, ALARMS_OK);
        assertThat(r.held()).isTrue();
        // The best window ends about where the lag starts growing by more than the noise floor (t=400), so it starts
        // near t=100 (1 100/s) and may reach a few seconds into the growth; never the 4 100/s of t=400.
        assertThat(r.heldRate()).isBetween(1000.0, 1400.0);
        assertThat(r.window().orElseThrow().seconds()).isEqualTo(300);
    }

    @Test
    void aShorterHoldThanTheAlarmPeriodIsSaidSo() {
        assertThat(new Hold.Rules(60, 300, 0.95, 100).describe()).contains("SHORTER than the 300 s alarm period");
        assertThat(RULES.describe()).doesNotContain("SHORTER");
    }

    @Test
    void theLagTrendIsTheLeastSquaresSlopeWithItsLowerBoundAndTheSteepestIsReported() {
        Hold.Trend exact = Hold.growth("genai-demo-audit", rows(10, s -> 1.0, s -> 1L, s -> 3L + 5L * s));
        assertThat(exact.slope()).isCloseTo(5.0, within(1e-9));
        assertThat(exact.lowerBound()).isCloseTo(5.0, within(1e-6)); // a perfect fit has no error
        assertThat(exact.growthOverWindow()).isCloseTo(50.0, within(1e-9));
        // noise around a slope of 1: the bound lies below the slope
        Hold.Trend noisy = Hold.growth("genai-demo-audit", rows(10, s -> 1.0, s -> 1L, s -> s + (s % 2 == 0 ? 4L : 0L)));
        assertThat(noisy.slope()).isCloseTo(1.0, within(0.3));
        assertThat(noisy.lowerBound()).isLessThan(noisy.slope());
        // too few measured points: no trend, not a guess
        assertThat(Hold.growth("genai-demo-audit", rows(2, s -> 1.0, s -> 1L, s -> 100L * s)).slope()).isZero();

        Hold.Result held = Hold.analyse(rows(300, s -> 1000.0, s -> 1000L, s -> 40L + s / 10), RULES, ALARMS_OK);
        assertThat(held.steepestLagSlope()).isCloseTo(0.1, within(0.01)); // audit's creep beats analytics' flat 5
        assertThat(Hold.analyse(rows(30, s -> 1000.0, s -> 1000L, s -> 10L), RULES, ALARMS_OK).steepestLagSlope())
                .isNaN();
    }

    static List<TimelineRow> rows(int seconds, IntFunction<Double> intended, IntFunction<Long> acked,
                                  IntFunction<Long> lag) {
        List<TimelineRow> out = new ArrayList<>();
        Instant t0 = Instant.parse("2026-01-01T10:00:00Z");
        for (int s = 0; s < seconds; s++) {
            Map<String, Long> l = new LinkedHashMap<>();
            l.put("genai-demo-audit", lag.apply(s));
            l.put("genai-demo-analytics", 5L);
            out.add(new TimelineRow(s, s, t0.plusSeconds(s), "measure", intended.apply(s), acked.apply(s),
                    acked.apply(s), 0, 10.0, 15.0, 20.0, 30.0, 16.0, 0.1, 17.0, l, lag.apply(s), 0L, 0L, 0L, null));
        }
        return out;
    }
}
