package io.pipebench.publish;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.pipebench.cluster.ClientRole;
import io.pipebench.cluster.KafkaCluster;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventCodec;
import io.pipebench.events.EventEnvelope;
import io.pipebench.events.EventHeaders;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.metrics.PipelineMeters;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.pipebench.faults.Slowdown;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes domain events: encodes them with the codec, routes them to their context's topic, keys them by
 * aggregate id (one aggregate stays in order on one partition) and puts type, version, ids and correlation in
 * headers. Asynchronous: the future completes with partition and offset once the broker acknowledges, or fails
 * with a {@link PublishException} after the producer's retries. Every send is timed and counted.
 */
public final class EventPublisher implements AutoCloseable {

    private final Producer<String, byte[]> producer;
    private final EventCodec codec;
    private final EventTypeRegistry registry;
    private final TopicRouter router;
    private final PipelineMeters meters;
    private final KafkaClientMetrics clientMetrics;
    /** Null unless -Dpipebench.slowdown=publish:FACTOR (a fault on purpose). */
    private final Slowdown slowdown = Slowdown.forStage("publish").orElse(null);

    public EventPublisher(Producer<String, byte[]> producer, EventCodec codec, EventTypeRegistry registry,
                          TopicRouter router, PipelineMeters meters) {
        this.producer = producer;
        this.codec = codec;
        this.registry = registry;
        this.router = router;
        this.meters = meters;
        this.clientMetrics = new KafkaClientMetrics(producer);
        this.clientMetrics.bindTo(meters.registry());
    }

    /**
     * A publisher with its own producer, configured from a profile (see {@link ProducerProfiles}), as the
     * {@linkplain ClientRole#publisher publisher} principal: it may write the router's event topics only.
     */
    public static EventPublisher create(KafkaCluster cluster, Map<String, Object> profile, EventCodec codec,
                                        EventTypeRegistry registry, TopicRouter router, PipelineMeters meters) {
        Map<String, Object> config = new HashMap<>(profile);
        config.putAll(cluster.connectionProperties(ClientRole.publisher(new TreeSet<>(router.routes().values()))));
        config.putIfAbsent("client.id", "pipebench-publisher");
        return new EventPublisher(new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()),
                codec, registry, router, meters);
    }

    /** Publishes an event as the start of its own correlation chain. */
    public CompletableFuture<PublishResult> publish(DomainEvent event) {
        return publish(EventEnvelope.of(event, registry));
    }

    /**
     * Publishes an envelope. An unregistered event type is refused here with {@link UnroutableEventException};
     * every other failure completes the future exceptionally.
     */
    public CompletableFuture<PublishResult> publish(EventEnvelope envelope) {
        return publish(envelope, List.of());
    }

    /** As {@link #publish(EventEnvelope)}, with extra headers (the load harness adds its run id and sequence). */
    public CompletableFuture<PublishResult> publish(EventEnvelope envelope, Iterable<Header> extraHeaders) {
        String topic = router.topicFor(envelope.event());
        String key = envelope.aggregateId();
        CompletableFuture<PublishResult> result = new CompletableFuture<>();
        long start = System.nanoTime();
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, codec.encode(envelope.event()));
            EventHeaders.write(envelope, codec.contentType(), record.headers());
            for (Header h : extraHeaders) {
                record.headers().add(h);
            }
            producer.send(record, (metadata, error) -> {
                long nanos = System.nanoTime() - start;
                if (error == null) {
                    meters.recordSend(topic, true, nanos);
                    result.complete(new PublishResult(envelope.eventId(), topic, metadata.partition(),
                            metadata.offset(), metadata.timestamp()));
                } else {
                    meters.recordSend(topic, false, nanos);
                    result.completeExceptionally(new PublishException(envelope.eventId(), topic, key, error));
                }
            });
            if (slowdown != null) {
                slowdown.after(System.nanoTime() - start); // encoding and send(): the publisher's own work
            }
        } catch (RuntimeException e) {
            // Encoding, or send() itself (buffer full past max.block.ms, closed producer): counted and reported.
            meters.recordSend(topic, false, System.nanoTime() - start);
            result.completeExceptionally(new PublishException(envelope.eventId(), topic, key, e));
        }
        return result;
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /**
     * Sends what is buffered, then closes; anything not sent by the timeout fails its future. Only the first call
     * closes: a stop by signal closes early with a short timeout and the system's close comes after.
     */
    public void close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        clientMetrics.close();
        producer.close(timeout);
    }

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
}
