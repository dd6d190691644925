package io.pipebench.load.driver.reference;

import io.pipebench.cluster.ClusterSecurity;
import io.pipebench.consume.GroupNames;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.load.driver.FaultControls;
import io.pipebench.load.driver.Message;
import io.pipebench.load.driver.PipelineProbe;
import io.pipebench.load.driver.ProcessedCallback;
import io.pipebench.load.driver.Publisher;
import io.pipebench.load.driver.PublisherSpec;
import io.pipebench.load.driver.RunTag;
import io.pipebench.load.driver.kafka.KafkaTarget;
import io.pipebench.workload.Workload;
import io.pipebench.workload.WorkloadLoader;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * "Pause a group" through the driver's fault controls, on a cluster of the driver's own with the PostgreSQL event
 * store behind the audit group: the paused group processes nothing and its lag grows while another group keeps up;
 * resumed, it drains to the end. Groups not run in this JVM, and brokers not the harness's, are refused by name.
 */
class GroupPauseTest {

    /** Records per phase: enough to see lag on every topic, few enough for a quick test. */
    private static final int BATCH = 300;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void aPausedGroupProcessesNothingAndLagsWhileAnotherGoesOnThenDrainsWhenResumed() throws Exception {
        Workload w = workload(List.of(GroupNames.ANALYTICS, GroupNames.AUDIT));
        ReferenceDriver.Settings s = ReferenceDriver.Settings.builder(KafkaTarget.Kind.EMBEDDED,
                ClusterSecurity.PLAINTEXT).consumerProfile("seed").build();
        try (ReferenceDriver driver = ReferenceDriver.open(s, w, new PrintStream(OutputStream.nullOutputStream()))) {
            PipelineProbe pipeline = driver.pipeline();
            String audit = pipeline.storeGroup().orElseThrow();
            String analytics = pipeline.groupIds().stream()
                    .filter(g -> pipeline.label(g).equals(GroupNames.ANALYTICS)).findFirst().orElseThrow();
            FaultControls faults = driver.faults().orElseThrow();
            assertThat(faults.brokerIds()).as("the driver's own cluster: brokers too").hasSize(3);
            assertThat(faults.pausableGroups()).containsExactlyInAnyOrder(audit, analytics);
            assertThatThrownBy(() -> faults.pauseGroup(GroupNames.REPORTING))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'reporting'")
                    .hasMessageContaining(audit);

            String runId = "pause-" + UUID.randomUUID();
            Processed processed = new Processed();
            pipeline.processed(runId, processed);
            try (Publisher<?> publisher = driver.publisher(new PublisherSpec(runId, w, Duration.ofSeconds(10)))) {
                publish(publisher, runId, 0, BATCH);
                await().atMost(PATIENCE).until(() -> processed.distinct(audit) == BATCH
                        && processed.distinct(analytics) == BATCH && lag(pipeline, audit) == 0);

                faults.pauseGroup(GroupNames.AUDIT); // by its label; returns once its members have stopped
                long auditCalls = processed.calls(audit);
                publish(publisher, runId, BATCH, BATCH);
                await().atMost(PATIENCE).until(() -> processed.distinct(analytics) == 2 * BATCH);
                await().atMost(PATIENCE).until(() -> lag(pipeline, audit) >= BATCH);
                assertThat(processed.calls(audit)).as("records the paused group processed").isEqualTo(auditCalls);
                assertThat(processed.distinct(audit)).isEqualTo(BATCH);

                faults.resumeGroup(audit);
                await().atMost(PATIENCE).until(() -> processed.distinct(audit) == 2 * BATCH
                        && lag(pipeline, audit) == 0);
            } finally {
                pipeline.processed(runId, null);
            }
        }
    }

    @Test
    void groupsRunElsewhereAndBrokersNotTheHarnesssAreRefusedSayingWhy() {
        FaultControls monitoredOnly = new ReferenceFaults(Optional.empty(),
                new GroupPauses(List.of(), List.of("genai-demo-audit")), "external cluster b-1.example:9098");
        assertThat(monitoredOnly.brokerIds()).isEmpty();
        assertThat(monitoredOnly.canKill()).isFalse();
        assertThat(monitoredOnly.pausableGroups()).isEmpty();
        assertThatThrownBy(() -> monitoredOnly.pauseGroup("genai-demo-audit"))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("'genai-demo-audit'")
                .hasMessageContaining("run elsewhere");
        assertThatThrownBy(() -> monitoredOnly.resumeGroup("audit"))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("'audit'");
        assertThatThrownBy(() -> monitoredOnly.stopBroker(1)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("external cluster b-1.example:9098").hasMessageContaining("not this harness's");

        FaultControls producerOnly = new ReferenceFaults(Optional.empty(), GroupPauses.NONE, "external");
        assertThatThrownBy(() -> producerOnly.pauseGroup("notification"))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("'notification'")
                .hasMessageContaining("no consumer group runs in this JVM");
    }

    /** The smoke workload's events, read by these groups. */
    private static Workload workload(List<String> groups) {
        Workload smoke = new WorkloadLoader(EventTypeRegistry.standard()).load("smoke");
        return new Workload(smoke.name(), smoke.description(), smoke.warmup(), smoke.duration(), smoke.rate(),
                smoke.aggregatesPerContext(), smoke.keyDistribution(), smoke.zipfExponent(), smoke.contextWeights(),
                smoke.typeWeights(), smoke.producerProfile(), smoke.producerOverrides(), groups, smoke.seed(),
                smoke.thresholds(), smoke.source());
    }

    /** Sends records {@code from} to {@code from + count - 1} of the run and waits for every acknowledgement. */
    private static <P> void publish(Publisher<P> publisher, String runId, long from, int count) throws Exception {
        long key = RunTag.key(runId);
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (long seq = from; seq < from + count; seq++) {
            Message<P> m = publisher.next();
            acks.add(publisher.sendAsync(m.key(), m.payload(), Map.of(RunTag.NAME, RunTag.value(key, seq))));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    /** The group's summed lag at the latest sample; -1 while not measured. */
    private static long lag(PipelineProbe pipeline, String group) {
        return pipeline.latestLag().flatMap(l -> l.group(group)).map(g -> g.sumLag().orElse(-1L)).orElse(-1L);
    }

    /** Each group's processed records of the run: every call (a redelivery counts again), and distinct ones. */
    private static final class Processed implements ProcessedCallback {
        private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
        private final Map<String, Set<Long>> sequences = new ConcurrentHashMap<>();

        @Override
        public void processed(String group, long sequence, UUID eventId, long nowNanos) {
            calls.computeIfAbsent(group, g -> new AtomicLong()).incrementAndGet();
            sequences.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(sequence);
        }

        @Override
        public void handlerCall(String group, long firstSequence, int records, long nanos, long cpuNanos) {
        }

        long calls(String group) {
            AtomicLong n = calls.get(group);
            return n == null ? 0 : n.get();
        }

        long distinct(String group) {
            Set<Long> s = sequences.get(group);
            return s == null ? 0 : s.size();
        }
    }
}
