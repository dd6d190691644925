package io.pipebench.profile;

import io.pipebench.consume.ConsumerSettings;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.publish.ProducerProfiles;
import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.testing.Clusters;
import io.pipebench.workload.WorkloadLoader;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A short profile on the shared cluster: every figure read from a live pipeline, none defaulted. */
class PipelineProfilerTest {

    @Test
    void profilesCpuByPartRequestsByApiAndBatchingOfAShortRun() throws Exception {
        var w = new WorkloadLoader(EventTypeRegistry.standard()).load("steady");
        String group = "notification";
        PipelineProfile p;
        // A cluster of its own: a cluster closed earlier in this JVM removes the brokers' shared Yammer meters.
        try (EmbeddedKafkaCluster cluster = Clusters.freshWithCatalog()) {
            p = new PipelineProfiler(cluster, null).run(new PipelineProfiler.Options(100,
                Duration.ofSeconds(3), Duration.ofSeconds(4), "seed", ProducerProfiles.seed(), ConsumerSettings.tuned(),
                w, List.of(group)), new PrintStream(OutputStream.nullOutputStream()));
        }

        assertThat(p.eventsAcked()).isPositive();
        double sum = p.cpu().stream().mapToDouble(PipelineProfile.CpuRow::microsPerEvent).sum();
        assertThat(sum).as("the rows add up to the pipeline: nothing dropped").isCloseTo(p.pipelineMicrosPerEvent(),
                within(0.01 * p.pipelineMicrosPerEvent()));
        Map<String, Double> byPart = new java.util.HashMap<>();
        p.cpu().forEach(r -> byPart.put(r.part(), r.microsPerEvent()));
        assertThat(byPart.get("group genai-demo-notification")).isPositive();
        assertThat(byPart.get("publisher (producer I/O thread)")).isPositive();
        assertThat(byPart.get("broker: request handlers")).isPositive();
        assertThat(p.requests()).extracting(PipelineProfile.RequestRow::api)
                .contains("Produce", "FetchConsumer", "FetchFollower", "OffsetCommit", "Metadata");
        assertThat(p.requests().stream().filter(r -> r.api().equals("Produce")).findFirst().orElseThrow().requests())
                .isPositive();
        PipelineProfile.Group g = p.groups().get(0);
        assertThat(g.records()).isPositive();
        assertThat(g.fetches()).isPositive();
        assertThat(g.polls()).isPositive();
        assertThat(g.e2eP95Ms()).isPositive();
        assertThat(p.producer().records()).isPositive();
        assertThat(p.requestsNote()).isEmpty();
        assertThat(ProfileReport.render(p)).contains("µs/event", "FetchConsumer", "genai-demo-notification");
        assertThat(p.cluster()).contains("broker threads: 2 request handlers");
        assertThat(p.environment().gitCommit()).as("run inside the project's checkout").isNotNull();
        // Where the kernel keeps the figures they must be read, not noted away; where it does not, the note says so.
        if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/self/schedstat"))) {
            var jvm = p.runQueue().stream().filter(r -> r.part().equals(ProcFs.JVM_PROCESS)).findFirst()
                    .orElseThrow();
            assertThat(jvm.onCpuMillis()).as("the JVM ran in the window").isPositive();
            assertThat(p.runQueueNote()).doesNotContain("run queue not measured");
        } else {
            assertThat(p.runQueue()).isEmpty();
            assertThat(p.runQueueNote()).contains("run queue not measured");
        }
        if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/pressure/cpu"))) {
            assertThat(p.cpuPressureShare()).isBetween(0.0, 1.0);
        } else {
            assertThat(p.runQueueNote()).contains("CPU pressure not measured");
        }
    }

    @Test
    void brokerMetersThatCountedNoProduceWhileEventsWereAcknowledgedAreNotReported() {
        var w = new WorkloadLoader(EventTypeRegistry.standard()).load("steady");
        PipelineProfiler.Options o = new PipelineProfiler.Options(100, Duration.ZERO, Duration.ofSeconds(1), "seed",
                ProducerProfiles.seed(), ConsumerSettings.seed(), w, List.of());
        Map<String, Double> broker = Map.of("requests.Produce", 5.0, "requests.FetchConsumer", 9.0);
        var lag = new io.pipebench.metrics.LagSnapshot(java.time.Instant.now(), Duration.ZERO, List.of());
        var a = new PipelineProfiler.Sample(0, 0, Map.of(), Map.of(), Map.of(), 0, broker,
                Map.of("producer", new double[] {0, 0}), 0, lag, null, null);
        var b = new PipelineProfiler.Sample(1_000_000_000L, 1_000_000, Map.of(), Map.of(), Map.of(), 1_000_000, broker,
                Map.of("producer", new double[] {100, 3}), 100, lag, null, null);
        PipelineProfile p = ProfileMath.profile(java.time.Instant.now(), o, List.of(), a, b, Map.of(),
                "test cluster", null);
        assertThat(p.requests()).isEmpty();
        assertThat(p.requestsNote()).startsWith("not measured").contains("100 events were acknowledged");
        assertThat(ProfileReport.render(p)).contains("Broker requests not measured");
        assertThat(p.runQueue()).as("no schedstat in either sample: no rows, and the note says why").isEmpty();
        assertThat(p.cpuPressureShare()).isNaN();
        assertThat(p.runQueueNote()).contains("run queue not measured", "CPU pressure not measured");
        assertThat(ProfileReport.render(p)).contains("Run queue: run queue not measured");
    }

    @Test
    void runQueueFiguresAreTakenTaskByTaskAndEndedTasksAreCountedNotHidden() {
        Map<Long, ProcFs.Sched> start = Map.of(1L, new ProcFs.Sched(100, 50), 2L, new ProcFs.Sched(200, 100),
                3L, new ProcFs.Sched(10_000, 9_000));
        Map<Long, ProcFs.Sched> end = Map.of(1L, new ProcFs.Sched(150, 80), 2L, new ProcFs.Sched(50, 20),
                4L, new ProcFs.Sched(30, 5));
        ProfileMath.SchedWindow w = ProfileMath.SchedWindow.of(start, end);
        // Task 1 alive throughout: +50 / +30. Task 2's counters fell, an id reused: counted from zero. Task 4 new.
        // Task 3 ended: its 10,000 ns do not come off the sum (a difference of sums would have gone negative).
        assertThat(w).isEqualTo(new ProfileMath.SchedWindow(130, 55, 2, 1));

        var w2 = new WorkloadLoader(EventTypeRegistry.standard()).load("steady");
        PipelineProfiler.Options o = new PipelineProfiler.Options(100, Duration.ZERO, Duration.ofSeconds(1), "seed",
                ProducerProfiles.seed(), ConsumerSettings.seed(), w2, List.of());
        var lag = new io.pipebench.metrics.LagSnapshot(java.time.Instant.now(), Duration.ZERO, List.of());
        Map<String, Double> broker = Map.of("requests.Produce", 1.0);
        var a = new PipelineProfiler.Sample(0, 0, Map.of(), Map.of(), Map.of(), 0, broker,
                Map.of("producer", new double[] {0, 0}), 0, lag, Map.of(ProcFs.JVM_PROCESS, start), 1_000_000L);
        var b = new PipelineProfiler.Sample(1_000_000_000L, 1_000_000, Map.of(), Map.of(), Map.of(), 1_000_000,
                Map.of("requests.Produce", 2.0), Map.of("producer", new double[] {100, 3}), 100, lag,
                Map.of(ProcFs.JVM_PROCESS, end), 1_250_000L);
        PipelineProfile p = ProfileMath.profile(java.time.Instant.now(), o, List.of(), a, b, Map.of(), "test", null);
        assertThat(p.runQueue()).singleElement().satisfies(r -> {
            assertThat(r.waitMillis()).isEqualTo(55 / 1e6);
            assertThat(r.waitPerCpu()).isEqualTo(55.0 / 130);
        });
        assertThat(p.cpuPressureShare()).isEqualTo(0.25);
        assertThat(p.runQueueNote()).contains(ProcFs.JVM_PROCESS + ": 1 task(s) ended in the window")
                .contains("no PostgreSQL backend on this machine");
    }
}
