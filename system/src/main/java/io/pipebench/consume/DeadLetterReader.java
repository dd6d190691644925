package io.pipebench.consume;

import io.pipebench.publish.TopicRouter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the dead-letter topic from given offsets up to its end offsets as they are when the read starts (a bounded
 * read, without a consumer group): what a fault run caused, and what {@code dlq redrive} sends back.
 */
public final class DeadLetterReader {

    /** What was read, and the end offsets it read up to (where a redrive's group resumes next time). */
    public record Letters(List<ConsumerRecord<byte[], byte[]>> records, Map<TopicPartition, Long> endOffsets) {
    }

    private final Map<String, Object> connection;
    private final String topic;
    private final Duration timeout;

    public DeadLetterReader(Map<String, Object> connection) {
        this(connection, TopicRouter.DEAD_LETTER_TOPIC, Duration.ofSeconds(60));
    }

    public DeadLetterReader(Map<String, Object> connection, String topic, Duration timeout) {
        this.connection = Map.copyOf(connection);
        this.topic = topic;
        this.timeout = timeout;
    }

    /** The topic's end offsets now: a later {@link #readFrom} from them reads only what arrives after. */
    public Map<TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return consumer.endOffsets(partitions(consumer), timeout);
        }
    }

    /**
     * Every letter from {@code from} (a partition missing there: from its beginning) up to the end offsets now.
     *
     * @throws IllegalStateException when the topic cannot be read to its end within the timeout
     */
    public Letters readFrom(Map<TopicPartition, Long> from) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            from.forEach((tp, offset) -> {
                if (partitions.contains(tp)) {
                    consumer.seek(tp, offset);
                }
            });
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("Could not read " + topic + " up to its end offsets " + end
                            + " within " + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        out.add(r);
                    }
                }
            }
            return new Letters(out, end);
        }
    }

    /** A header of a letter as text, if present. */
    public static Optional<String> header(ConsumerRecord<byte[], byte[]> letter, String name) {
        Header h = letter.headers().lastHeader(name);
        return h == null || h.value() == null ? Optional.empty()
                : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> props = new HashMap<>(connection);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "pipebench-dead-letter-reader");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        var infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("The dead-letter topic " + topic + " does not exist; run 'pipebench topics "
                    + "apply'");
        }
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }
}
