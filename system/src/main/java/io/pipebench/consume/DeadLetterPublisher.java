package io.pipebench.consume;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.pipebench.events.EventDecodingException;
import io.pipebench.metrics.PipelineMeters;
import io.pipebench.publish.TopicRouter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a record that could not be processed to the dead-letter topic, unchanged (key, value, headers), with the
 * reason in headers. Synchronous: the caller commits the original offset only after the dead letter is acknowledged,
 * so a failed dead-letter send leaves the record to be processed again rather than lost.
 *
 * <p>A letter too large for the dead-letter topic (the {@code dlq-*} headers can push a record past the limit) is
 * replaced by a pointer letter: the same headers and {@link DeadLetterHeaders#VALUE_OMITTED}, without the key, the
 * value or the original headers; the original stays readable at its topic, partition and offset until retention.
 * Failures are told apart: {@link DeadLetterException#retriable()} says whether sending again can help.
 */
public final class DeadLetterPublisher implements AutoCloseable {

    private static final int MAX_MESSAGE_BYTES = 1_000;

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final PipelineMeters meters;
    private final Duration timeout;
    private final Clock clock;

    public DeadLetterPublisher(Producer<byte[], byte[]> producer, String topic, PipelineMeters meters, Duration timeout,
                               Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.meters = meters;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** A publisher with its own acks=all idempotent producer on the given connection. */
    public static DeadLetterPublisher create(Map<String, Object> connection, PipelineMeters meters) {
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producerConfig(connection), new ByteArraySerializer(), new ByteArraySerializer());
        DeadLetterPublisher publisher = new DeadLetterPublisher(producer, TopicRouter.DEAD_LETTER_TOPIC, meters,
                Duration.ofSeconds(20), Clock.systemUTC());
        publisher.clientMetrics = new KafkaClientMetrics(producer);
        publisher.clientMetrics.bindTo(meters.registry());
        return publisher;
    }

    /** The dead-letter producer's settings on the given connection. */
    static Map<String, Object> producerConfig(Map<String, Object> connection) {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // The catalog's dead-letter-queue topic is snappy: the same here spares the broker a recompression.
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "snappy");
        // Bounded well below max.poll.interval.ms (300 s): a failing dead-letter topic must not get the member evicted.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "pipebench-dead-letters");
        return config;
    }

    private KafkaClientMetrics clientMetrics;

    /** What was sent. */
    public enum Letter { FULL, POINTER }

    /**
     * Sends the dead letter and waits for the acknowledgement; if it is too large, sends a pointer letter instead.
     *
     * @throws DeadLetterException if it is not acknowledged; the original offset must then not be committed, unless
     *                             the exception is not {@linkplain DeadLetterException#retriable() retriable}
     */
    public Letter send(ConsumerRecord<byte[], byte[]> original, String group, Throwable error, int attempts,
                       String reason) {
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(topic, null, original.key(), original.value());
        for (Header h : original.headers()) {
            letter.headers().add(h);
        }
        addDeadLetterHeaders(letter, original, group, error, attempts, reason);
        try {
            deliver(original, letter);
            return Letter.FULL;
        } catch (DeadLetterException e) {
            if (!(e.getCause() instanceof RecordTooLargeException)) {
                throw e;
            }
        }
        ProducerRecord<byte[], byte[]> pointer = new ProducerRecord<>(topic, null, null, null);
        addDeadLetterHeaders(pointer, original, group, error, attempts, reason);
        put(pointer, DeadLetterHeaders.VALUE_OMITTED, "record-too-large: " + size(original) + " bytes of key, value "
                + "and headers; read the original at its topic, partition and offset");
        deliver(original, pointer);
        return Letter.POINTER;
    }

    private void deliver(ConsumerRecord<byte[], byte[]> original, ProducerRecord<byte[], byte[]> letter) {
        try {
            producer.send(letter).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            meters.messageProduced(topic);
        } catch (ExecutionException | TimeoutException | InterruptedException | RuntimeException e) {
            meters.deadLetterFailed();
            throw failure(original, e);
        }
    }

    private static int size(ConsumerRecord<byte[], byte[]> r) {
        int n = (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
        for (Header h : r.headers()) {
            n += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        return n;
    }

    private void addDeadLetterHeaders(ProducerRecord<byte[], byte[]> letter, ConsumerRecord<byte[], byte[]> original,
                                      String group, Throwable error, int attempts, String reason) {
        put(letter, DeadLetterHeaders.ORIGINAL_TOPIC, original.topic());
        put(letter, DeadLetterHeaders.ORIGINAL_PARTITION, String.valueOf(original.partition()));
        put(letter, DeadLetterHeaders.ORIGINAL_OFFSET, String.valueOf(original.offset()));
        if (original.key() != null) {
            letter.headers().add(DeadLetterHeaders.ORIGINAL_KEY, original.key());
        }
        put(letter, DeadLetterHeaders.CONSUMER_GROUP, group);
        put(letter, DeadLetterHeaders.EXCEPTION_CLASS, error.getClass().getName());
        put(letter, DeadLetterHeaders.EXCEPTION_MESSAGE, truncate(String.valueOf(error.getMessage())));
        put(letter, DeadLetterHeaders.ATTEMPTS, String.valueOf(attempts));
        put(letter, DeadLetterHeaders.FAILED_AT, clock.instant().toString());
        put(letter, DeadLetterHeaders.REASON, reason);
    }

    private DeadLetterException failure(ConsumerRecord<byte[], byte[]> original, Exception error) {
        String where = "Dead letter for " + original.topic() + "-" + original.partition() + "@" + original.offset();
        if (error instanceof ExecutionException e) {
            return new DeadLetterException(where + " was not acknowledged: " + e.getCause(), e.getCause(),
                    retriable(e.getCause()));
        }
        if (error instanceof TimeoutException) {
            return new DeadLetterException(where + " was not acknowledged within " + timeout.toSeconds() + " s", error,
                    true);
        }
        if (error instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new DeadLetterException("Interrupted while sending a dead letter", error, true);
        }
        return new DeadLetterException(where + " could not be sent: " + error, error, retriable(error));
    }

    /**
     * Whether sending again can succeed: Kafka's retriable errors (no leader, not enough replicas, timeouts) can;
     * an authorization error, an invalid or too large record, a producer fenced or closed for good cannot.
     */
    static boolean retriable(Throwable error) {
        return error instanceof RetriableException;
    }

    /**
     * The dead-letter reason for a record-specific failure: a decoding reason, or non-retryable. (Letters written
     * before unknown failures were retried without limit may also say retries-exhausted.)
     */
    public static String reasonFor(Throwable error) {
        if (error instanceof EventDecodingException d) {
            return "decoding:" + d.reason().name().toLowerCase();
        }
        return "non-retryable";
    }

    private static void put(ProducerRecord<byte[], byte[]> record, String key, String value) {
        record.headers().add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String message) {
        return message.length() <= MAX_MESSAGE_BYTES ? message : message.substring(0, MAX_MESSAGE_BYTES) + "...";
    }

    @Override
    public void close() {
        if (clientMetrics != null) {
            clientMetrics.close();
        }
        producer.close(Duration.ofSeconds(10));
    }

    /** The dead-letter send failed; the original record stays uncommitted if it is retriable. */
    public static final class DeadLetterException extends RuntimeException {
        private final boolean retriable;

        DeadLetterException(String message, Throwable cause, boolean retriable) {
            super(message, cause);
            this.retriable = retriable;
        }

        /** Whether sending again can help; if not, the caller must not wait for it for ever. */
        public boolean retriable() {
            return retriable;
        }
    }
}
