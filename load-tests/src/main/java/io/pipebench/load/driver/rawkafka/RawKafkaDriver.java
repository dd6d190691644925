package io.pipebench.load.driver.rawkafka;

import io.pipebench.cluster.KafkaCluster;
import io.pipebench.load.driver.ConsumerCallback;
import io.pipebench.load.driver.Driver;
import io.pipebench.load.driver.FaultControls;
import io.pipebench.load.driver.PipelineProbe;
import io.pipebench.load.driver.Publisher;
import io.pipebench.load.driver.PublisherSpec;
import io.pipebench.load.driver.ReadBack;
import io.pipebench.load.driver.kafka.KafkaDriver;
import io.pipebench.load.driver.kafka.KafkaReadBack;
import io.pipebench.load.driver.kafka.KafkaTarget;
import io.pipebench.load.driver.reference.ProcessCpu;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code raw-kafka}: pre-encoded payloads from a pool, sent as they are to one topic with keys over N aggregates and a
 * fixed header set: the shape of Kafka's ProducerPerformance, through the same harness as the reference system. No
 * consumers: it measures what publishing alone costs.
 */
public final class RawKafkaDriver implements KafkaDriver {

    public static final String NAME = "raw-kafka";

    /**
     * @param topic    where every message goes (it must exist)
     * @param payloads the pool, taken in turn
     * @param keys     keys are {@code 0 .. keys-1}, drawn at random
     * @param headers  sent on every message beside the run's tag
     */
    public record Settings(String topic, List<byte[]> payloads, int keys, Map<String, byte[]> headers) {

        public Settings {
            if (payloads.isEmpty()) {
                throw new IllegalArgumentException("raw-kafka needs at least one payload in its pool");
            }
            if (keys < 1) {
                throw new IllegalArgumentException("raw-kafka needs at least one key, was " + keys);
            }
            payloads = List.copyOf(payloads);
            headers = Map.copyOf(headers);
        }
    }

    private final KafkaCluster cluster;
    private final Settings settings;

    private RawKafkaDriver(KafkaCluster cluster, Settings settings) {
        this.cluster = cluster;
        this.settings = settings;
    }

    /** Beside another Kafka driver, on its cluster (which stays that driver's to close). */
    public static RawKafkaDriver beside(Driver driver, Settings settings) {
        return on(KafkaDriver.clusterOf(driver, NAME), settings);
    }

    /** On a cluster the caller owns and closes. */
    public static RawKafkaDriver on(KafkaCluster cluster, Settings settings) {
        return new RawKafkaDriver(cluster, settings);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe() {
        return cluster.describe() + ", topic " + settings.topic();
    }

    @Override
    public Map<String, String> versions() {
        return KafkaTarget.versions();
    }

    @Override
    public Publisher<?> publisher(PublisherSpec spec) {
        return new RawPublisher(cluster, spec, settings);
    }

    @Override
    public Optional<ReadBack> readBack(String runId, ConsumerCallback callback) {
        return Optional.of(KafkaReadBack.start(cluster.connectionProperties(), List.of(settings.topic()), runId,
                callback));
    }

    @Override
    public PipelineProbe pipeline() {
        return ProcessCpu.PRODUCER_ONLY;
    }

    @Override
    public Optional<FaultControls> faults() {
        return Optional.empty(); // the cluster is the other driver's
    }

    @Override
    public KafkaCluster cluster() {
        return cluster;
    }

    @Override
    public void close() {
        // nothing of its own: publishers are closed by their runs, the cluster by the driver that opened it
    }
}
