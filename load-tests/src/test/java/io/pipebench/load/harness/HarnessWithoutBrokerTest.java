package io.pipebench.load.harness;

import io.pipebench.events.EventTypeRegistry;
import io.pipebench.gate.hdr.Quantiles;
import io.pipebench.load.driver.fake.FakeDriver;
import io.pipebench.load.measure.RunRecorder;
import io.pipebench.load.plan.InjectionPlan;
import io.pipebench.load.plan.Segment;
import io.pipebench.load.verdict.Check;
import io.pipebench.load.verdict.VerdictTable;
import io.pipebench.load.verdict.Verdicts;
import io.pipebench.workload.WorkloadLoader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole harness (plan, Gatling, recorder, monitor, verdicts) on an in-memory driver: no broker, no database. A
 * 2 s warm-up and 4 s measured at 200 messages/s; each run takes some seconds of real time.
 */
class HarnessWithoutBrokerTest {

    private static final Duration STALL = Duration.ofMillis(600);
    private static final Map<String, Double> DELIVERY = Map.of("lostRecords", 0.0, "duplicatedRecords", 0.0);

    /**
     * The injector stalls once in the measured window: latency from the intended send time shows the stall (the
     * records meant for those 600 ms left late), latency from the actual send does not (coordinated omission).
     */
    @Test
    void anInjectorStallShowsInIntendedLatencyNotInSendToAck() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        FakeDriver fake = new FakeDriver(1, new FakeDriver.Faults(650, STALL, 0, 0));
        LoadRun.Result r = run(fake, "fake-stall", printed);

        Quantiles intended = r.figures().view(RunRecorder.View.INTENDED);
        Quantiles publish = r.figures().view(RunRecorder.View.PUBLISH);
        assertThat(intended.max()).as("intended to ack, max ms").isGreaterThan(0.8 * STALL.toMillis());
        assertThat(publish.max()).as("send to ack, max ms").isLessThan(STALL.toMillis() / 2.0);
        assertThat(r.figures().view(RunRecorder.View.DELAY).max()).as("publish delay, max ms")
                .isGreaterThan(0.8 * STALL.toMillis());
        // Nothing was lost: the delivery checks hold.
        assertThat(Verdicts.thresholds(DELIVERY, r.figures())).allMatch(c -> c.state() == Check.State.OK);

        // The progress line, once a second: rates, latencies, and the pipeline's (known) dead letters and failures.
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(out.lines().filter(l -> l.startsWith("[fake-stall] t=")).toList()).hasSizeGreaterThanOrEqualTo(4)
                .anySatisfy(l -> assertThat(l).matches("\\[fake-stall] t= *\\+\\d+s measure +\\| intended +\\d+/s "
                        + "sent +\\d+/s acked +\\d+/s \\| publish p95 .+ \\(from intended .+\\) \\| e2e p95 .+ "
                        + "\\| dead letters 0 \\| failures 0"));
    }

    /** Records the driver lost or read twice fail the run's delivery checks, by exactly the driver's count. */
    @Test
    void lostAndDuplicatedRecordsFailTheDeliveryChecks() throws Exception {
        FakeDriver fake = new FakeDriver(1, new FakeDriver.Faults(0, Duration.ZERO, 97, 113));
        LoadRun.Result r = run(fake, "fake-loss", new ByteArrayOutputStream());

        assertThat(fake.lost()).isNotEmpty();
        assertThat(fake.duplicated()).isNotEmpty();
        assertThat(r.figures().lost()).isEqualTo(fake.lost().size());
        assertThat(r.figures().duplicated()).isEqualTo(fake.duplicated().size());
        VerdictTable verdicts = new VerdictTable(Verdicts.thresholds(DELIVERY, r.figures()));
        assertThat(verdicts.passed()).isFalse();
        assertThat(verdicts.failureMessage("fake")).contains("lostRecords: observed " + fake.lost().size())
                .contains("duplicatedRecords: observed " + fake.duplicated().size());
    }

    private static LoadRun.Result run(FakeDriver fake, String label, ByteArrayOutputStream printed) throws Exception {
        InjectionPlan plan = new InjectionPlan(List.of(new Segment(50, 200, 2, Segment.Phase.WARMUP),
                Segment.hold(200, 4, Segment.Phase.MEASURE)));
        try (LoadEnvironment env = new LoadEnvironment(fake)) {
            return LoadRun.execute(env, new Injector(Path.of("target/gatling"), 1,
                    Duration.ofMillis(500)), LoadRun.Settings.builder(label,
                    new WorkloadLoader(EventTypeRegistry.standard()).load("smoke"), plan).readBack()
                    .drainTimeout(Duration.ofSeconds(10)).build(), new PrintStream(printed, true, StandardCharsets.UTF_8));
        }
    }
}
