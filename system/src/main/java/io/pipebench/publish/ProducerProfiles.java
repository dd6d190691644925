package io.pipebench.publish;

import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named producer settings. {@code seed} is exactly the design document's producer configuration; {@code tuned}
 * keeps its durability (acks=all, idempotence) and changes only what costs throughput. Any property can be
 * overridden on top of a profile.
 */
public final class ProducerProfiles {

    public static final List<String> NAMES = List.of("seed", "tuned");

    private ProducerProfiles() {
    }

    /** The design document's KafkaProducerConfiguration, value for value. */
    public static Map<String, Object> seed() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.RETRIES_CONFIG, 3);
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 1000);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 16384);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "snappy");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 33554432L);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30000);
        return p;
    }

    /**
     * Same durability as {@link #seed()}: acks=all, idempotence on, so no loss and no duplicates on retry.
     * Changed: 5 requests in flight (the idempotent producer keeps per-partition order up to 5, so the document's 1
     * only serialises round trips), 64 KiB batches (a 16 KiB batch holds ~30 of our JSON events), linger 15 ms, and
     * retries left to the delivery timeout as Kafka recommends. Linger was 5 ms: the pipeline profile
     * ({@code pipebench profile}, results/capacity/README.md) showed it sent 3 records per Produce request at
     * 500 events/s, and each Produce wakes the followers' fetches, so Produce and FetchFollower were the brokers'
     * largest CPU per event; 15 ms bounds Produce to ~67 requests/s per broker whatever the rate, at 15 ms of latency. Compression stays snappy, the topics' own codec, so
     * the brokers never recompress. Measured unthrottled on the embedded cluster, interleaved in one run
     * ({@code pipebench profiles compare --events 300000 --rounds 5}, results/profiles/): tuned/seed 1.21 in mean
     * throughput, faster in 5 rounds of 5 (1.05-1.49x).
     */
    public static Map<String, Object> tuned() {
        Map<String, Object> p = seed();
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 65536);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 15);
        p.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 100);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120000);
        return p;
    }

    /** A profile by name, with overrides applied on top; unknown names are refused with the known ones. */
    public static Map<String, Object> named(String name, Map<String, ?> overrides) {
        Map<String, Object> p = switch (name) {
            case "seed" -> seed();
            case "tuned" -> tuned();
            default -> throw new IllegalArgumentException("Unknown producer profile '" + name + "': use one of " + NAMES);
        };
        overrides.forEach((k, v) -> {
            if (!ProducerConfig.configNames().contains(k)) {
                throw new IllegalArgumentException("Unknown producer property '" + k + "' in the overrides of profile '"
                        + name + "'; see https://kafka.apache.org/documentation/#producerconfigs");
            }
            p.put(k, v);
        });
        return p;
    }
}
