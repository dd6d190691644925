package io.pipebench.load.scenario;

import io.pipebench.events.EventTypeRegistry;
import io.pipebench.load.driver.fake.FakeDriver;
import io.pipebench.load.harness.Injector;
import io.pipebench.load.harness.LoadEnvironment;
import io.pipebench.load.harness.LoadRun;
import io.pipebench.load.measure.RunFigures;
import io.pipebench.load.plan.InjectionPlan;
import io.pipebench.load.verdict.Check;
import io.pipebench.load.verdict.Verdicts;
import io.pipebench.workload.Workload;
import io.pipebench.workload.WorkloadLoader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate search on the in-memory driver, with no broker: a fake that acknowledges at most {@value #CAPACITY}
 * messages a second, and the search's state machine fed by real runs of the harness (plan, Gatling, recorder) at the
 * rates it asks for. Not {@link MaxRateSearch#run} itself: its steps are measured for at least the 10 s hold (a
 * shorter window is not a held rate), and a search that passes once, fails once and confirms its answer takes at least
 * four of them, over 40 s with Gatling's start and the drain; this one's five would pass a minute. Here each step is
 * 1 s of ramp and 3 s measured (about 20 s in all), judged by the acknowledged share of the intended rate, the step
 * check the capacity decides.
 */
class RateSearchOnFakeDriverTest {

    private static final double CAPACITY = 150;

    @Test
    void theSearchStopsAtTheFakeDriversCapacityAndConfirmsTheRateBelowIt() throws Exception {
        Workload w = new WorkloadLoader(EventTypeRegistry.standard()).load("smoke");
        // 80 and 120/s are under the capacity, 180/s over it: the search climbs x1.5, fails once, converges, confirms.
        RateSearch search = new RateSearch(80, 1.5, 0.5, 8, Duration.ofMinutes(10));
        Map<String, Double> threshold = Map.of("minAchievedRateRatio", MaxRateSearch.MIN_ACHIEVED_RATIO);
        List<Double> rates = new ArrayList<>();
        List<RunFigures> figures = new ArrayList<>();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (LoadEnvironment env = new LoadEnvironment(new FakeDriver(1, FakeDriver.Faults.NONE, CAPACITY))) {
            RateSearch.Next next;
            while ((next = search.next(true)) instanceof RateSearch.Run r) {
                InjectionPlan plan = InjectionPlan.step(r.from(), r.rate(), Duration.ofSeconds(1), Duration.ofSeconds(3));
                LoadRun.Result run = LoadRun.execute(env, new Injector(Path.of("target/gatling"), 1,
                        Duration.ofMillis(500)), LoadRun.Settings.builder(String.format(Locale.ROOT,
                        "fake-step-%02d", rates.size() + 1), w, plan).readBack().drainTimeout(Duration.ofSeconds(10))
                        .build(), out);
                rates.add(r.rate());
                figures.add(run.figures());
                search.record(Verdicts.thresholds(threshold, run.figures()).stream()
                        .allMatch(c -> c.state() == Check.State.OK));
            }
        }

        String steps = String.join("\n", printed.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("fake-step")).toList());
        assertThat(rates).as("the rates asked for (printed:%n%s)", steps).containsExactly(80.0, 120.0, 180.0, 120.0,
                120.0);
        assertThat(search.good()).isEqualTo(120.0);
        assertThat(search.bad()).isEqualTo(180.0);
        assertThat(search.reason()).isEqualTo("converged: 120 events/s held every check and 180 events/s did not, "
                + "within 50% of each other");
        assertThat(search.heldRate()).isEqualTo(120.0);
        assertThat(search.why()).isEqualTo("120 events/s held in 3 of 3 holds");
        // Over the capacity the fake acknowledged about its capacity, not the rate asked for; under it, everything.
        assertThat(figures.get(2).achievedRate()).as("acknowledged/s at 180/s").isBetween(0.85 * CAPACITY,
                1.1 * CAPACITY);
        assertThat(figures.get(1).achievedRatio()).as("acknowledged share at 120/s").isGreaterThan(0.95);
    }
}
