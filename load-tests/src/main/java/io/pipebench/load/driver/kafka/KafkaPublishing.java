package io.pipebench.load.driver.kafka;

import io.pipebench.cluster.KafkaCluster;
import io.pipebench.load.driver.PublisherSpec;
import io.pipebench.load.harness.LoadOptions;
import io.pipebench.publish.ProducerProfiles;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** What both Kafka drivers' publishers share: the producer of a run, and its topics' metadata fetched up front. */
public final class KafkaPublishing {

    private KafkaPublishing() {
    }

    /**
     * The run's producer: the workload's profile with its overrides, {@code max.block.ms} bounded (a send blocks one of
     * Gatling's event loops, and every user scheduled on it), the cluster's connection settings.
     */
    public static KafkaProducer<String, byte[]> producer(KafkaCluster cluster, PublisherSpec spec,
                                                         String clientIdPrefix) {
        Map<String, Object> config = new HashMap<>(config(spec));
        config.putAll(cluster.connectionProperties());
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientIdPrefix + spec.runId());
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** The producer settings of a run, without connection settings. */
    public static Map<String, Object> config(PublisherSpec spec) {
        Map<String, Object> config = ProducerProfiles.named(spec.workload().producerProfile(),
                spec.workload().producerOverrides());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, spec.maxBlock().toMillis());
        return config;
    }

    /** Refuses an unknown producer profile or property now, not when the first run starts. */
    public static void check(String profile, Map<String, String> overrides) {
        ProducerProfiles.named(profile, overrides);
    }

    /** Fetches every topic's partitions now, so the first sends do not block on metadata. */
    public static void fetchMetadata(KafkaProducer<?, ?> producer, Collection<String> topics, String where,
                                     Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String topic : topics) {
            while (true) {
                try {
                    producer.partitionsFor(topic);
                    break;
                } catch (TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("No metadata for topic '" + topic + "' on " + where + " within "
                                + timeout.toSeconds() + " s: create the catalog's topics first (pipebench topics "
                                + "apply, or " + LoadOptions.spelling("applyTopics", true) + ")", e);
                    }
                }
            }
        }
    }
}
