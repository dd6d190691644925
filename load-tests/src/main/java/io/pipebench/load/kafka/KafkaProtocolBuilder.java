package io.pipebench.load.kafka;

import io.gatling.core.protocol.Protocol;
import io.gatling.javaapi.core.ProtocolBuilder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.pipebench.cluster.ConnectionSettings;
import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.cluster.ExternalKafkaCluster;
import io.pipebench.cluster.KafkaCluster;
import io.pipebench.metrics.PipelineMeters;
import io.pipebench.publish.ProducerProfiles;
import io.pipebench.topics.TopicCatalog;
import io.pipebench.topics.TopicPlanner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code kafka()}: which cluster, which producer settings, and the run's bookkeeping. Defaults: an embedded 3-broker
 * cluster started for the run with the catalog's topics, the document's {@code seed} producer profile, and
 * {@code max.block.ms} bounded to {@value #DEFAULT_MAX_BLOCK_MS} ms, because {@code send()} runs on one of Gatling's
 * event loops and every user scheduled on that loop waits while it blocks.
 */
public final class KafkaProtocolBuilder implements ProtocolBuilder {

    public static final long DEFAULT_MAX_BLOCK_MS = 500;

    private Supplier<KafkaProtocol.ClusterHandle> cluster = () -> embeddedWithTopics(3);
    private String profile = "seed";
    private final Map<String, Object> overrides = new LinkedHashMap<>();
    private long maxBlockMs = DEFAULT_MAX_BLOCK_MS;
    private String runId = UUID.randomUUID().toString().substring(0, 8);
    private IntendedSchedule schedule = IntendedSchedule.ACTUAL;
    private SendListener listener = SendListener.NONE;
    // No registry behind the publisher's meters by default: the harness measures latency itself, and the meters'
    // percentile histograms cost a fifth of the producer thread at 20k records/s.
    private Supplier<PipelineMeters> meters = () -> new PipelineMeters(new CompositeMeterRegistry());
    private Duration warmUpTimeout = Duration.ofSeconds(30);

    KafkaProtocolBuilder() {
    }

    /** A cluster the caller started and will close (the load harness's). */
    public KafkaProtocolBuilder cluster(KafkaCluster kafka) {
        Objects.requireNonNull(kafka, "cluster");
        this.cluster = () -> new KafkaProtocol.ClusterHandle(kafka, false);
        return this;
    }

    /** An embedded cluster started for the run, with the catalog's topics, closed when the run ends. */
    public KafkaProtocolBuilder embedded(int brokers) {
        this.cluster = () -> embeddedWithTopics(brokers);
        return this;
    }

    /**
     * An external cluster (MSK): settings from the properties file if given, completed by KAFKA_BOOTSTRAP_SERVERS,
     * KAFKA_SECURITY_PROTOCOL, KAFKA_USERNAME, KAFKA_PASSWORD (SASL_SSL with SCRAM) as the foundation reads them.
     */
    public KafkaProtocolBuilder external(Optional<Path> clusterConfig) {
        this.cluster = () -> new KafkaProtocol.ClusterHandle(
                ExternalKafkaCluster.connect(ConnectionSettings.load(clusterConfig), Duration.ofSeconds(15)), true);
        return this;
    }

    /** {@code seed} (the design document's settings) or {@code tuned}; see {@link ProducerProfiles}. */
    public KafkaProtocolBuilder producerProfile(String name) {
        ProducerProfiles.named(name, Map.of()); // refuses an unknown name now, not at run time
        this.profile = name;
        return this;
    }

    /** A producer property on top of the profile. */
    public KafkaProtocolBuilder producerOverride(String key, Object value) {
        if (!ProducerConfig.configNames().contains(key)) {
            throw new IllegalArgumentException("Unknown producer property '" + key
                    + "'; see https://kafka.apache.org/documentation/#producerconfigs");
        }
        overrides.put(key, value);
        return this;
    }

    public KafkaProtocolBuilder producerOverrides(Map<String, ?> more) {
        more.forEach(this::producerOverride);
        return this;
    }

    /** How long {@code send()} may block Gatling's event loop when the buffer is full or metadata is missing. */
    public KafkaProtocolBuilder maxBlock(Duration maxBlock) {
        if (maxBlock.isNegative()) {
            throw new IllegalArgumentException("maxBlock must be >= 0, was " + maxBlock);
        }
        this.maxBlockMs = maxBlock.toMillis();
        return this;
    }

    public KafkaProtocolBuilder runId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("runId must not be blank");
        }
        this.runId = id;
        return this;
    }

    public KafkaProtocolBuilder schedule(IntendedSchedule intended) {
        this.schedule = Objects.requireNonNull(intended, "schedule");
        return this;
    }

    public KafkaProtocolBuilder listener(SendListener sendListener) {
        this.listener = Objects.requireNonNull(sendListener, "listener");
        return this;
    }

    /**
     * Where the publisher's meters go (the document's kafka.producer.* names); by default nowhere, because the run
     * measures its own latencies and the meters cost injector CPU.
     */
    public KafkaProtocolBuilder meters(PipelineMeters pipelineMeters) {
        Objects.requireNonNull(pipelineMeters, "meters");
        this.meters = () -> pipelineMeters;
        return this;
    }

    public KafkaProtocolBuilder warmUpTimeout(Duration timeout) {
        this.warmUpTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** The producer configuration the run will use, without connection settings. */
    public Map<String, Object> producerConfig() {
        Map<String, Object> config = ProducerProfiles.named(profile, overrides);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs);
        return config;
    }

    public String runId() {
        return runId;
    }

    @Override
    public Protocol protocol() {
        return new KafkaProtocol(cluster, producerConfig(), runId, schedule, listener, meters, warmUpTimeout);
    }

    private static KafkaProtocol.ClusterHandle embeddedWithTopics(int brokers) {
        EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().brokers(brokers).start();
        try (Admin admin = Admin.create(kafka.connectionProperties())) {
            new TopicPlanner(admin, kafka.describe(), Duration.ofSeconds(30)).apply(TopicCatalog.standard());
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return new KafkaProtocol.ClusterHandle(kafka, true);
    }
}
