package io.pipebench.run;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipebench.cluster.KafkaCluster;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.JsonEventCodec;
import io.pipebench.gate.hdr.Quantiles;
import io.pipebench.metrics.PipelineMeters;
import io.pipebench.publish.EventPublisher;
import io.pipebench.publish.ProducerProfiles;
import io.pipebench.publish.TopicRouter;
import io.pipebench.workload.EventSequence;
import io.pipebench.workload.Workload;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the same events, unthrottled, with each producer profile in turn on one cluster, round after round
 * (interleaved, so a noisy neighbour hurts every profile alike), and reports throughput and send-to-ack latency.
 * Unthrottled latency includes time queued in the producer's buffer, as in Kafka's ProducerPerformance.
 */
public final class ProfileComparison {

    /** One profile's result in one round. */
    public record Round(String profile, int round, long events, double seconds, double eventsPerSecond, long failed,
                        double p50Ms, double p95Ms, double p99Ms, double maxMs) {
    }

    private final KafkaCluster cluster;
    private final Workload workload;
    private final EventTypeRegistry registry = EventTypeRegistry.standard();

    public ProfileComparison(KafkaCluster cluster, Workload workload) {
        this.cluster = cluster;
        this.workload = workload;
    }

    /** Runs {@code rounds} rounds of {@code events} events per profile; each profile gets a fresh producer. */
    public List<Round> run(List<String> profiles, int events, int rounds, java.util.function.Consumer<Round> progress)
            throws InterruptedException {
        List<DomainEvent> batch = events(events);
        List<Round> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (String profile : profiles) {
                Round r = runOne(profile, round, batch);
                results.add(r);
                progress.accept(r);
            }
        }
        return results;
    }

    private List<DomainEvent> events(int n) {
        EventSequence sequence = new EventSequence(workload, registry, workload.seed());
        List<DomainEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(sequence.next());
        }
        return out;
    }

    private Round runOne(String profile, int round, List<DomainEvent> events) throws InterruptedException {
        Recorder latency = new Recorder(3);
        AtomicLong failed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(events.size());
        JsonEventCodec codec = new JsonEventCodec(registry);
        try (EventPublisher publisher = EventPublisher.create(cluster, ProducerProfiles.named(profile, Map.of()), codec,
                registry, TopicRouter.standard(registry), new PipelineMeters(new SimpleMeterRegistry()))) {
            // Warm the metadata of every topic so the first sends do not wait for it inside the timing.
            for (DomainEvent e : events.subList(0, Math.min(200, events.size()))) {
                publisher.publish(e).join();
            }
            long start = System.nanoTime();
            for (DomainEvent e : events) {
                long sentAt = System.nanoTime();
                publisher.publish(e).whenComplete((r, err) -> {
                    if (err == null) {
                        latency.recordValue(Math.max(1, (System.nanoTime() - sentAt) / 1_000));
                    } else {
                        failed.incrementAndGet();
                    }
                    done.countDown();
                });
            }
            if (!done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("Profile " + profile + ": sends not acknowledged within 5 minutes");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Quantiles q = Quantiles.of(latency.getIntervalHistogram());
            return new Round(profile, round, events.size(), seconds, events.size() / seconds, failed.get(),
                    q.p50(), q.p95(), q.p99(), q.max());
        }
    }

    /** Mean, min and max events/s per profile, in the order given. */
    public static Map<String, double[]> throughput(List<Round> rounds) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Round r : rounds) {
            double[] agg = out.computeIfAbsent(r.profile(), k -> new double[]{0, Double.MAX_VALUE, 0, 0});
            agg[0] += r.eventsPerSecond();
            agg[1] = Math.min(agg[1], r.eventsPerSecond());
            agg[2] = Math.max(agg[2], r.eventsPerSecond());
            agg[3]++;
        }
        out.values().forEach(agg -> agg[0] /= agg[3]);
        return out;
    }
}
