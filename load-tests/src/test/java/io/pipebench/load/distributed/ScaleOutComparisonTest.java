package io.pipebench.load.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipebench.alarms.AlarmCatalog;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.gate.model.LoadSummary;
import io.pipebench.load.harness.LoadConfig;
import io.pipebench.load.harness.LoadOptions;
import io.pipebench.load.report.RunReport;
import io.pipebench.workload.RateProfile;
import io.pipebench.workload.Workload;
import io.pipebench.workload.WorkloadLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 16: three injectors at R/3 give the verdict and rates of one injector at R. Both runs go through the same
 * launcher ({@link LocalInjectors}: an embedded cluster here, injector processes against it, injector 0 hosting the
 * consumer groups, the merge), so the number of injectors is the only difference. Every injector's records are
 * reconciled with the groups and the event store, so the three-injector run passes without declaring anything not
 * applicable.
 *
 * <p>Opt-in ({@code -DscaleOutComparison=true}; command in README): it starts an embedded cluster and four injector
 * JVMs and its verdict depends on the machine's spare capacity. On the shared 2-core machine at a load average of 50
 * it took 9 minutes and the one-injector run acknowledged 4 of its 300 events/s (both verdicts FAIL on latency and
 * rate, every injector's records reconciled with 0 missing): in the default suite it would fail builds for the
 * neighbours' load, not for the code. On a quiet machine (2026-11-30 12:53 UTC) it passed in 133 s: one injector
 * 301.8/s acknowledged of 300 (ratio 1.01), three 301.4/s (1.00; 100.8, 100.2, 100.4 each), both PASS, 0 lost,
 * every record processed and stored, start skew 1.54 s.
 */
@EnabledIfSystemProperty(named = "scaleOutComparison", matches = "true",
        disabledReason = "a load comparison needing spare capacity: -DscaleOutComparison=true runs it")
class ScaleOutComparisonTest {

    static final double RATE = 300;
    /**
     * How far apart the two runs' acknowledged/intended ratios may be: both runs intend the same 9,000 events in the
     * window; on a shared machine a run's acknowledgements landing just after its window move the ratio by a few
     * percent, a slice that did not publish its share moves it by a third.
     */
    static final double RATIO_TOLERANCE = 0.05;

    @TempDir
    Path tmp;

    /** One merged run of {@code injectors} processes at {@code RATE} in total: its folder and exit code. */
    private record Run(int exit, Path dir, LoadSummary summary, JsonNode run, String console) {

        double metric(String name) {
            assertThat(summary.metrics()).as(console).containsKey(name);
            return summary.metrics().get(name).value();
        }
    }

    private Run run(int injectors) throws IOException, InterruptedException {
        LoadOptions o = new LoadOptions();
        o.scenario = "smoke";
        o.rate = String.valueOf(RATE);
        o.warmup = "10s";
        o.duration = "30s";
        o.settle = "0s";
        o.injectors = String.valueOf(injectors);
        o.results = tmp.resolve("x" + injectors).resolve("results");
        o.gatlingResults = tmp.resolve("x" + injectors).resolve("gatling");
        LoadConfig c = LoadConfig.parse(o);
        Workload w = new WorkloadLoader(EventTypeRegistry.standard()).load("smoke")
                .with(new RateProfile.Steady(RATE), Duration.ofSeconds(10), Duration.ofSeconds(30));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int exit = LocalInjectors.run(o.forInjectors(), c.localInjectors(), w,
                AlarmCatalog.loadOrStandard(Optional.empty()), new PrintStream(console, true, StandardCharsets.UTF_8));
        String text = console.toString(StandardCharsets.UTF_8);
        System.out.print(text); // the verdict table and the per-injector table, in the test's report
        Path dir;
        try (Stream<Path> runs = Files.list(o.results.resolve("distributed"))) {
            dir = runs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        return new Run(exit, dir, LoadSummary.read(dir), RunReport.JSON.readTree(dir.resolve("run.json").toFile()),
                text);
    }

    @Test
    void threeInjectorsAtAThirdOfTheRateJudgeAsOneInjectorAtTheWholeRate() throws Exception {
        Run one = run(1);
        Run three = run(3);

        for (Run r : List.of(one, three)) {
            assertThat(r.exit()).as("verdict of %s%n%s", r.dir(), r.console()).isZero();
            assertThat(r.console()).contains("VERDICT: PASS");
            assertThat(r.metric("records.lost")).isZero();
            // Every injector's acknowledged records processed by each group and stored: counted, not declared away.
            assertThat(r.metric("records.notStored")).isZero();
            assertThat(r.summary().metrics()).containsKeys("records.notProcessed.audit",
                    "records.notProcessed.reporting");
        }
        assertThat(one.metric("injectors.count")).isEqualTo(1);
        assertThat(three.metric("injectors.count")).isEqualTo(3);
        assertThat(three.run().path("injectors")).hasSize(3);
        // Injectors 1 and 2 reconciled by injector 0, the consumer host, like its own records.
        assertThat(three.run().path("injectors")).allSatisfy(i -> assertThat(i.path("delivery").isObject())
                .as(i.toString()).isTrue());

        // The same intended load, and the same share of it acknowledged within noise.
        assertThat(three.metric("rate.achievedRatio"))
                .isCloseTo(one.metric("rate.achievedRatio"), within(RATIO_TOLERANCE));
        assertThat(three.metric("rate.achieved"))
                .isCloseTo(one.metric("rate.achieved"), within(RATIO_TOLERANCE * RATE));
        // Each injector published its third.
        for (JsonNode injector : three.run().path("injectors")) {
            assertThat(injector.path("intended").asDouble()).as(injector.toString())
                    .isCloseTo(RATE * 30 / 3, within(RATE * 30 / 3 * RATIO_TOLERANCE));
            assertThat(injector.path("lost").asLong()).isZero();
        }
    }
}
