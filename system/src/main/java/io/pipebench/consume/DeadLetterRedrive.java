package io.pipebench.consume;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends the dead letters of one reason back to the topics they came from ({@link DeadLetterHeaders#ORIGINAL_TOPIC}),
 * with their key, value and original headers (the {@code dlq-*} ones left out, {@link #REDRIVEN_FROM} added). A
 * pointer letter (the record was too large to dead-letter whole) is redriven from the original record, read at its
 * topic, partition and offset, while retention keeps it.
 *
 * <p>Each reason has a consumer group of its own on the dead-letter topic, {@code pipebench-dlq-redrive-<reason>},
 * whose committed offsets say how far that reason was redriven: a second redrive sends only letters that arrived
 * since. Offsets are committed only after every send is acknowledged, and never in a dry run. The redriven events
 * keep their event ids, so the event store's idempotency absorbs an event that was stored meanwhile.
 */
public final class DeadLetterRedrive {

    /** Added to a redriven record: the dead letter it came from, {@code dead-letter-queue-<partition>@<offset>}. */
    public static final String REDRIVEN_FROM = "dlq-redriven-from";
    private static final String GROUP_PREFIX = "pipebench-dlq-redrive-";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * @param matched  letters of the reason since the last redrive
     * @param perTopic records sent back per original topic (in a dry run: that would be sent)
     * @param skipped  letters of the reason that cannot be sent back, each with where it is and why
     */
    public record Result(long matched, Map<String, Long> perTopic, List<String> skipped, boolean dryRun) {
        /** Records actually sent: none in a dry run. */
        public long sent() {
            return dryRun ? 0 : perTopic.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Map<String, Object> connection;

    public DeadLetterRedrive(Map<String, Object> connection) {
        this.connection = Map.copyOf(connection);
    }

    public static String groupId(String reason) {
        return GROUP_PREFIX + reason;
    }

    public Result redrive(String reason, boolean dryRun) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("--reason is blank: name a dead-letter reason such as non-retryable, "
                    + "decoding:malformed_payload or (older letters) retries-exhausted");
        }
        String group = groupId(reason);
        try (Admin admin = Admin.create(connection)) {
            Map<TopicPartition, Long> from = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(TIMEOUT.toSeconds(),
                    TimeUnit.SECONDS).forEach((tp, o) -> {
                        if (o != null) {
                            from.put(tp, o.offset());
                        }
                    });
            DeadLetterReader.Letters letters = new DeadLetterReader(connection).readFrom(from);
            List<ProducerRecord<byte[], byte[]>> toSend = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            long matched = 0;
            for (ConsumerRecord<byte[], byte[]> letter : letters.records()) {
                if (!reason.equals(DeadLetterReader.header(letter, DeadLetterHeaders.REASON).orElse(null))) {
                    continue;
                }
                matched++;
                String where = letter.topic() + "-" + letter.partition() + "@" + letter.offset();
                try {
                    toSend.add(recordFor(letter, where));
                } catch (IllegalStateException e) {
                    skipped.add(where + ": " + e.getMessage());
                }
            }
            Map<String, Long> perTopic = new LinkedHashMap<>();
            toSend.forEach(r -> perTopic.merge(r.topic(), 1L, Long::sum));
            if (!dryRun) {
                send(toSend);
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                letters.endOffsets().forEach((tp, end) -> done.put(tp, new OffsetAndMetadata(end)));
                admin.alterConsumerGroupOffsets(group, done).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            return new Result(matched, perTopic, skipped, dryRun);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Redrive of '" + reason + "' failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Redrive of '" + reason + "' interrupted", e);
        }
    }

    /** The record to send back: the letter's own content, or for a pointer letter the original's. */
    private ProducerRecord<byte[], byte[]> recordFor(ConsumerRecord<byte[], byte[]> letter, String where) {
        String topic = DeadLetterReader.header(letter, DeadLetterHeaders.ORIGINAL_TOPIC).orElseThrow(() ->
                new IllegalStateException("no " + DeadLetterHeaders.ORIGINAL_TOPIC + " header: its topic is unknown"));
        if (topic.equals(letter.topic())) {
            throw new IllegalStateException("its original topic is the dead-letter topic itself");
        }
        ConsumerRecord<byte[], byte[]> source = letter;
        if (letter.headers().lastHeader(DeadLetterHeaders.VALUE_OMITTED) != null) {
            source = original(letter, topic);
        }
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topic, null, source.key(), source.value());
        for (Header h : source.headers()) {
            if (!h.key().startsWith("dlq-")) {
                out.headers().add(h);
            }
        }
        out.headers().add(REDRIVEN_FROM, where.getBytes(StandardCharsets.UTF_8));
        return out;
    }

    /** The record a pointer letter points to, if retention still keeps it. */
    private ConsumerRecord<byte[], byte[]> original(ConsumerRecord<byte[], byte[]> pointer, String topic) {
        int partition;
        long offset;
        try {
            partition = Integer.parseInt(DeadLetterReader.header(pointer, DeadLetterHeaders.ORIGINAL_PARTITION)
                    .orElse(""));
            offset = Long.parseLong(DeadLetterReader.header(pointer, DeadLetterHeaders.ORIGINAL_OFFSET).orElse(""));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("a pointer letter without a readable original partition and offset");
        }
        TopicPartition tp = new TopicPartition(topic, partition);
        Map<String, Object> props = new HashMap<>(connection);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() == offset) {
                        return r;
                    }
                    throw new IllegalStateException("pointer letter: the original " + tp + "@" + offset
                            + " is gone (retention); the first record left is @" + r.offset());
                }
            }
        }
        throw new IllegalStateException("pointer letter: the original " + tp + "@" + offset + " could not be read "
                + "within " + TIMEOUT.toSeconds() + " s");
    }

    private void send(List<ProducerRecord<byte[], byte[]>> records)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "pipebench-dlq-redrive");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> pending = new ArrayList<>();
            records.forEach(r -> pending.add(producer.send(r)));
            for (Future<RecordMetadata> f : pending) {
                f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }
}
