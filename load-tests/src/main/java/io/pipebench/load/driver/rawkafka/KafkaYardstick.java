package io.pipebench.load.driver.rawkafka;

import io.pipebench.cluster.ClientRole;
import io.pipebench.cluster.KafkaCluster;
import io.pipebench.load.driver.Driver;
import io.pipebench.load.driver.Yardstick;
import io.pipebench.load.driver.kafka.KafkaDriver;
import io.pipebench.load.driver.reference.EncodedEvents;
import io.pipebench.load.harness.SetupException;
import io.pipebench.publish.ProducerProfiles;
import io.pipebench.workload.Workload;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The injector ratio's yardsticks beside a Kafka driver, on its cluster: a topic shaped like the four event topics
 * together (their total partitions, RF 3, min ISR 2); ProducerPerformance sending the workload's encoded events (or
 * whole records of the same bytes as the reference publisher's, headers as text) from payload files; and the
 * {@code raw-kafka} driver sending the same payloads to the same topic with ProducerPerformance's key range, through
 * the harness. The payload files are deleted on {@link #close()}.
 */
public final class KafkaYardstick implements Yardstick {

    public static final String TOPIC = ClientRole.HARNESS_TOPIC_PREFIX + "producer-performance";
    static final int POOL = 20_000;
    static final int KEYS = 40_000;

    private final KafkaCluster cluster;
    private final Map<String, Object> producer;
    private final int partitions;
    private final List<byte[]> payloads;
    private final Path payloadFile;
    private final Path recordFile;
    private final double payloadBytes;
    private final double recordBytes;

    private KafkaYardstick(KafkaCluster cluster, Map<String, Object> producer, int partitions,
                           List<byte[]> payloads, Path payloadFile, Path recordFile, double payloadBytes,
                           double recordBytes) {
        this.cluster = cluster;
        this.producer = producer;
        this.partitions = partitions;
        this.payloads = payloads;
        this.payloadFile = payloadFile;
        this.recordFile = recordFile;
        this.payloadBytes = payloadBytes;
        this.recordBytes = recordBytes;
    }

    /** Creates the topic and writes the payload files next to {@code dir} (not in it: they are not results). */
    public static KafkaYardstick beside(Driver driver, Workload w, Path dir) {
        KafkaCluster cluster = KafkaDriver.clusterOf(driver, "the injector ratio's yardstick");
        int partitions = createTopic(cluster);
        List<byte[]> payloads = EncodedEvents.of(w, POOL, false);
        List<byte[]> records = EncodedEvents.of(w, POOL, true);
        Path payloadFile = dir.getParent().resolve(".payloads-" + dir.getFileName() + ".txt");
        Path recordFile = dir.getParent().resolve(".records-" + dir.getFileName() + ".txt");
        write(payloadFile, payloads);
        write(recordFile, records);
        return new KafkaYardstick(cluster, ProducerProfiles.named(w.producerProfile(), w.producerOverrides()),
                partitions, payloads, payloadFile, recordFile, mean(payloads), mean(records));
    }

    private static int createTopic(KafkaCluster cluster) {
        try (Admin admin = Admin.create(cluster.connectionProperties())) {
            int partitions = 0;
            for (var d : admin.describeTopics(List.of("customer-events", "order-events", "payment-events",
                    "inventory-events")).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                partitions += d.partitions().size();
            }
            admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get(30, TimeUnit.SECONDS);
            return partitions;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new SetupException("Cannot create the ProducerPerformance topic: " + e.getMessage(), e);
        }
    }

    /** One payload a line (JSON has no raw line breaks), as ProducerPerformance's --payload-file reads them. */
    private static void write(Path file, List<byte[]> payloads) {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (byte[] p : payloads) {
                out.write(p);
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static double mean(List<byte[]> payloads) {
        return payloads.stream().mapToLong(p -> p.length).sum() / (double) payloads.size();
    }

    /** ProducerPerformance's steady-state throughput, records/s, with the event payloads or the whole records. */
    @Override
    public double producerPerformance(boolean wholeRecords, long records, double throughput) {
        return ProducerPerformanceRun.run(cluster.bootstrapServers(), cluster.connectionProperties(), producer, TOPIC,
                wholeRecords ? recordFile : payloadFile, records, throughput);
    }

    /** The raw-kafka driver on the same cluster, topic, payloads and key range as ProducerPerformance. */
    @Override
    public RawKafkaDriver rawDriver() {
        return RawKafkaDriver.on(cluster, new RawKafkaDriver.Settings(TOPIC, payloads, KEYS, Map.of()));
    }

    @Override
    public String topic() {
        return TOPIC;
    }

    @Override
    public int partitions() {
        return partitions;
    }

    /** The producer settings both use. */
    @Override
    public Map<String, Object> producerConfig() {
        return producer;
    }

    @Override
    public double payloadBytes() {
        return payloadBytes;
    }

    @Override
    public double recordBytes() {
        return recordBytes;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(payloadFile);
            Files.deleteIfExists(recordFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
