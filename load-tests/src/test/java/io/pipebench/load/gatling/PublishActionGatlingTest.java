package io.pipebench.load.gatling;

import io.gatling.app.Gatling$;
import io.gatling.javaapi.core.ChainBuilder;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.load.driver.Driver;
import io.pipebench.load.driver.PublisherSpec;
import io.pipebench.load.driver.reference.ReferenceDriver;
import io.pipebench.load.measure.CpuSampling;
import io.pipebench.load.measure.SendListener;
import io.pipebench.testing.SharedKafka;
import io.pipebench.workload.Workload;
import io.pipebench.workload.WorkloadLoader;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.exitBlockOnFail;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.tryMax;
import static io.pipebench.load.gatling.PublishDsl.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Short real Gatling runs of the reference driver against the embedded cluster: what the publish action reports to
 * Gatling (checked with Gatling's own assertions, which read the run's statistics by group and request) and to the
 * listener.
 */
class PublishActionGatlingTest {

    private static final Workload SMOKE = new WorkloadLoader(EventTypeRegistry.standard()).load("smoke");

    @Test
    void acknowledgedSendsAreOkRequestsInsideTheirGroup() {
        Map<Long, Throwable> outcomes = new ConcurrentHashMap<>();
        ChainBuilder chain = group("orders").on(exec(send("publish")));
        int status = run(new PublishTestSimulation.Spec(chain, List.of(atOnceUsers(20)),
                protocol(outcomes, SMOKE), List.of(
                details("orders", "publish").successfulRequests().count().is(20L),
                details("orders", "publish").failedRequests().count().is(0L),
                global().requestsPerSec().gt(0.0))));

        assertThat(status).as("Gatling exit status (2 = an assertion failed)").isZero();
        assertThat(outcomes).hasSize(20);
        assertThat(outcomes.values()).allMatch(e -> e == NO_ERROR);
    }

    @Test
    void theSendersCpuIsReadForEverySendByDefaultAndForTheSampledSendsWhenSampled() {
        for (int every : new int[] {1, 16}) {
            Map<Long, Long> cpu = new ConcurrentHashMap<>();
            DriverProtocolBuilder protocol = protocol(new ConcurrentHashMap<>(), SMOKE, cpu);
            if (every > 1) {
                protocol.cpuSampleEvery(every);
            }
            int status = run(new PublishTestSimulation.Spec(exec(send("publish")), List.of(atOnceUsers(40)),
                    protocol, List.of(global().failedRequests().count().is(0L))));

            assertThat(status).as("Gatling exit status (2 = an assertion failed)").isZero();
            assertThat(cpu).hasSize(40);
            assertThat(cpu.values()).as("timed sends, one in %d", every).filteredOn(n -> n >= 0).isNotEmpty();
            assertThat(cpu).allSatisfy((sequence, nanos) -> {
                if (CpuSampling.timed(sequence, every)) {
                    assertThat(nanos).as("CPU of send %d, timed (one in %d)", sequence, every).isPositive();
                } else {
                    assertThat(nanos).as("CPU of send %d, not timed (one in %d)", sequence, every).isEqualTo(-1L);
                }
            });
        }
    }

    @Test
    void loggingIsConfiguredAgainAfterAGatlingRun() {
        run(new PublishTestSimulation.Spec(exec(send("publish")), List.of(atOnceUsers(1)),
                protocol(new ConcurrentHashMap<>(), SMOKE), List.of()));
        // Gatling stops logback at the end of a run; a stopped context would leave every logger at DEBUG.
        assertThat(org.slf4j.LoggerFactory.getLogger("kafka.request.logger").isDebugEnabled()).isFalse();
        assertThat(org.slf4j.LoggerFactory.getLogger("io.gatling.core.action.Exit").isDebugEnabled()).isFalse();
    }

    @Test
    void aRefusedSendIsKoSoTryMaxRetriesAndExitBlockOnFailLeaves() {
        Map<Long, Throwable> outcomes = new ConcurrentHashMap<>();
        AtomicInteger reachedAfterFailure = new AtomicInteger();
        // 200 bytes is smaller than any encoded event: the producer refuses every record.
        Workload tiny = SMOKE.withProducer(SMOKE.producerProfile(), Map.of("max.request.size", "200"));
        DriverProtocolBuilder refusing = protocol(outcomes, tiny);
        ChainBuilder chain = exec(
                group("retried").on(tryMax(3).on(exec(send("publish")))),
                exitBlockOnFail().on(
                        exec(send("publish once")),
                        exec(session -> {
                            reachedAfterFailure.incrementAndGet();
                            return session;
                        })));
        int status = run(new PublishTestSimulation.Spec(chain, List.of(atOnceUsers(5)), refusing, List.of(
                details("retried", "publish").failedRequests().count().is(15L),
                details("retried", "publish").successfulRequests().count().is(0L),
                details("publish once").failedRequests().count().is(5L),
                global().failedRequests().count().is(20L))));

        assertThat(status).as("Gatling exit status (2 = an assertion failed)").isZero();
        assertThat(reachedAfterFailure).as("actions after a KO inside exitBlockOnFail").hasValue(0);
        assertThat(outcomes).hasSize(20);
        assertThat(outcomes.values()).allMatch(e -> e instanceof RecordTooLargeException);
    }

    @Test
    void theKoMessageIsTheClientExceptionClassAndText() {
        Throwable wrapped = new java.util.concurrent.CompletionException(new RecordTooLargeException("The message is "
                + "900 bytes when serialized which is larger than 200"));
        assertThat(PublishAction.failureMessage(wrapped)).isEqualTo("org.apache.kafka.common.errors."
                + "RecordTooLargeException: The message is 900 bytes when serialized which is larger than 200");
        assertThat(PublishAction.failureMessage(new IllegalStateException())).isEqualTo("java.lang."
                + "IllegalStateException");
    }

    private static final Throwable NO_ERROR = new Throwable("acknowledged");

    private static DriverProtocolBuilder protocol(Map<Long, Throwable> outcomes, Workload w) {
        return protocol(outcomes, w, new ConcurrentHashMap<>());
    }

    /** As above, also keeping each send's CPU as the action reports it ({@code onSendCall}). */
    private static DriverProtocolBuilder protocol(Map<Long, Throwable> outcomes, Workload w, Map<Long, Long> cpu) {
        Driver driver = ReferenceDriver.on(SharedKafka.cluster());
        String runId = "gatling-test-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        return PublishDsl.publishing().runId(runId)
                .publisher(() -> driver.publisher(new PublisherSpec(runId, w, Duration.ofMillis(500))))
                .listener(new SendListener() {
                    @Override
                    public void onComplete(long seq, long intended, long sent, long acked, String topic,
                                           Throwable error) {
                        outcomes.put(seq, error == null ? NO_ERROR : error);
                    }

                    @Override
                    public void onSendCall(long seq, long intended, long callNanos, long cpuNanos) {
                        cpu.put(seq, cpuNanos);
                    }
                });
    }

    private static synchronized int run(PublishTestSimulation.Spec spec) {
        PublishTestSimulation.spec = spec;
        try {
            return Gatling$.MODULE$.fromArgs(new String[] {"-s", PublishTestSimulation.class.getName(), "-rf",
                    Path.of("target", "gatling-test").toAbsolutePath().toString(), "-nr"});
        } finally {
            PublishTestSimulation.spec = null;
            GatlingRunner.restoreLogging();
        }
    }
}
