package io.pipebench.load.scenario;

import io.pipebench.load.harness.Injector;
import io.pipebench.load.harness.LoadOptions;
import io.pipebench.load.harness.SetupException;
import io.pipebench.load.measure.HeapWatch;
import io.pipebench.load.measure.TimelineRow;
import io.pipebench.load.verdict.Check;
import io.pipebench.load.verdict.Hold;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioRulesTest {

    @Test
    void aRampStopsOnceTheSystemHasNotKeptUpForTenSeconds() {
        List<TimelineRow> rows = new ArrayList<>();
        for (int s = 0; s < 60; s++) {
            double intended = 1000 + 100 * s;
            long acked = s < 30 ? (long) intended : 3800; // keeps up until 3900/s, then plateaus
            rows.add(row(s, intended, acked, 50L));
        }
        HeldRate held = new HeldRate();
        assertThat(held.stopRule().evaluate(rows)).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("not keeping up for 10 s"));
        assertThat(held.stopRule().evaluate(rows.subList(0, 25))).isEmpty();
    }

    @Test
    void growingLagStopsARampButAFlatBacklogOrABurstDoesNot() {
        List<TimelineRow> rows = new ArrayList<>();
        for (int s = 0; s < 40; s++) {
            // a flat backlog of 800, a 3-second burst at t=10, then the consumers fall behind by 300/s from t=25
            long lag = s >= 25 ? 800L + 300L * (s - 24) : s >= 10 && s < 13 ? 2000L : 800L;
            rows.add(row(s, 100 + 50 * s, 100 + 50 * s, lag));
        }
        assertThat(new HeldRate().stopRule().evaluate(rows.subList(0, 25))).isEmpty();
        assertThat(new HeldRate().stopRule().evaluate(rows)).hasValueSatisfying(reason -> assertThat(reason)
                .contains("consumer lag grew", "the consumers fall behind"));
    }

    /** The injector ratio refuses an external cluster before it opens anything, naming the option to set. */
    @Test
    void theInjectorRatioRefusesAnExternalClusterNamingBothSpellingsOfTheFix() {
        InjectorRatio.Settings external = new InjectorRatio.Settings(new InjectorRatio.Rounds(1, 0),
                new Injector(Path.of("target/gatling"), 5, Duration.ofMillis(500)), Path.of("target/none"), true);
        try (HeapWatch heap = new HeapWatch()) {
            assertThatThrownBy(() -> InjectorRatio.run(external, (w, out) -> {
                throw new AssertionError("opened");
            }, null, heap, System.out)).isInstanceOf(SetupException.class)
                    .hasMessageEndingWith("run it with -Dcluster=embedded / --cluster=embedded (the default)");
        }
    }

    /** Peak's hold once counted warm-up rows: 10 s of warm-up and 295 s measured made a 300 s window (t=-10..+290). */
    @Test
    void peakHoldsOnlyOnMeasuredRowsNeverOnWarmUp() {
        List<TimelineRow> rows = new ArrayList<>();
        for (int s = 0; s < 305; s++) {
            rows.add(new TimelineRow(s, s - 10, Instant.EPOCH.plusSeconds(s), s < 10 ? "warmup" : "measure", 1000,
                    1000, 1000, 0, null, null, null, null, null, null, null, Map.of("g", 50L), 50L, 0L, 0L, 0L, null));
        }
        Hold.Rules rules = new Hold.Rules(300, 300, MaxRateSearch.MIN_ACHIEVED_RATIO, 100);
        Hold.Result h = StandardScenario.held(rows, rules, (from, to) -> List.of(new Check("high-consumer-lag",
                Check.Kind.ALARM, Check.State.OK, 50.0, 1000, ">", "Count", "")));
        assertThat(h.held()).isFalse();
        assertThat(h.reason()).contains("injected for 295 s");
    }

    /** broker-failure declares only lostRecords: a run with a third of its sends never acknowledged passed. */
    @Test
    void everyScenarioButPeakJudgesTheAchievedRateUnlessTheWorkloadSetsItsOwn() {
        Map<String, Double> lossOnly = Map.of("lostRecords", 0.0);
        assertThat(StandardScenario.thresholds(LoadOptions.Scenario.broker_failure, lossOnly))
                .containsEntry("lostRecords", 0.0).containsEntry("minAchievedRateRatio", 0.95);
        assertThat(StandardScenario.thresholds(LoadOptions.Scenario.steady, Map.of("minAchievedRateRatio", 0.9)))
                .containsEntry("minAchievedRateRatio", 0.9);
        assertThat(StandardScenario.thresholds(LoadOptions.Scenario.peak, lossOnly))
                .doesNotContainKey("minAchievedRateRatio");
    }

    /** The max-rate report shows maxTime as the options write it, from the parsed duration. */
    @Test
    void theMaxTimeIsShownAsWritten() {
        assertThat(MaxRateSearch.text(Duration.ofMinutes(30))).isEqualTo("30m");
        assertThat(MaxRateSearch.text(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(MaxRateSearch.text(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(MaxRateSearch.text(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(MaxRateSearch.text(Duration.ZERO)).isEqualTo("0s");
    }

    private static TimelineRow row(int s, double intended, long acked, Long lag) {
        return new TimelineRow(s, s, Instant.EPOCH.plusSeconds(s), "measure", intended, (long) intended, acked, 0,
                null, null, null, null, null, null, null, Map.of("g", lag), lag, 0L, 0L, 0L, null);
    }
}
