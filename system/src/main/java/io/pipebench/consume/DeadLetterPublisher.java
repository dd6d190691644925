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
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // Bounded well below max.poll.interval.ms (300 s): a failing dead-letter topic must not get the member evicted.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "pipebench-dead-letters");
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        DeadLetterPublisher publisher = new DeadLetterPublisher(producer, TopicRouter.DEAD_LETTER_TOPIC, meters,
                Duration.ofSeconds(20), Clock.systemUTC());
        publisher.clientMetrics = new KafkaClientMetrics(producer);
        publisher.clientMetrics.bindTo(meters.registry());
        return publisher;
    }

    private KafkaClientMetrics clientMetrics;

    /**
     * Sends the dead letter and waits for the acknowledgement.
     *
     * @throws DeadLetterException if it is not acknowledged; the original offset must then not be committed
     */
    public void send(ConsumerRecord<byte[], byte[]> original, String group, Throwable error, int attempts, String reason) {
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(topic, null, original.key(), original.value());
        for (Header h : original.headers()) {
            letter.headers().add(h);
        }
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
        try {
            producer.send(letter).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            meters.messageProduced(topic);
        } catch (ExecutionException | TimeoutException | InterruptedException | RuntimeException e) {
            meters.deadLetterFailed();
            throw failure(original, e);
        }
    }

    private DeadLetterException failure(ConsumerRecord<byte[], byte[]> original, Exception error) {
        String where = "Dead letter for " + original.topic() + "-" + original.partition() + "@" + original.offset();
        if (error instanceof ExecutionException e) {
            return new DeadLetterException(where + " was not acknowledged: " + e.getCause(), e.getCause());
        }
        if (error instanceof TimeoutException) {
            return new DeadLetterException(where + " was not acknowledged within " + timeout.toSeconds() + " s", error);
        }
        if (error instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new DeadLetterException("Interrupted while sending a dead letter", error);
        }
        return new DeadLetterException(where + " could not be sent: " + error, error);
    }

    /** The dead-letter reason for a failure: a decoding reason, or non-retryable / retries-exhausted. */
    public static String reasonFor(Throwable error, boolean retryable) {
        if (error instanceof EventDecodingException d) {
            return "decoding:" + d.reason().name().toLowerCase();
        }
        return retryable ? "retries-exhausted" : "non-retryable";
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

    /** The dead-letter send failed; the original record stays uncommitted. */
    public static final class DeadLetterException extends RuntimeException {
        DeadLetterException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
