package io.pipebench.load.driver.reference;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.pipebench.cluster.KafkaCluster;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventEnvelope;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.JsonEventCodec;
import io.pipebench.load.driver.Message;
import io.pipebench.load.driver.Publisher;
import io.pipebench.load.driver.PublisherSpec;
import io.pipebench.load.driver.RunTag;
import io.pipebench.load.driver.kafka.KafkaPublishing;
import io.pipebench.load.driver.kafka.RunHeaders;
import io.pipebench.metrics.PipelineMeters;
import io.pipebench.publish.EventPublisher;
import io.pipebench.publish.PublishException;
import io.pipebench.publish.TopicRouter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The reference system's own publisher on one producer shared by every sending thread, so records are encoded, routed,
 * keyed and headed exactly as the system does; the messages are the workload's real events. Topic metadata is fetched
 * when the publisher is made, so no send waits for it.
 */
final class ReferencePublisher implements Publisher<EventEnvelope> {

    private static final Logger log = LoggerFactory.getLogger(ReferencePublisher.class);

    private final EventTypeRegistry registry = EventTypeRegistry.standard();
    private final TopicRouter router = TopicRouter.standard(registry);
    private final WorkloadEvents events;
    private final EventPublisher publisher;

    ReferencePublisher(KafkaCluster cluster, PublisherSpec spec) {
        // Salted by the run, so each run's events (and their ids) differ from every other run's in the same store.
        this.events = new WorkloadEvents(spec.workload(), registry, RunTag.key(spec.runId()), spec.keys());
        KafkaProducer<String, byte[]> producer = KafkaPublishing.producer(cluster, spec, "pipebench-gatling-");
        // No registry behind the publisher's meters: the harness measures latency itself, and the meters' percentile
        // histograms cost a fifth of the producer thread at 20k records/s.
        this.publisher = new EventPublisher(producer, new JsonEventCodec(registry), registry, router,
                new PipelineMeters(new CompositeMeterRegistry()));
        try {
            KafkaPublishing.fetchMetadata(producer, router.routes().values(), cluster.describe(), Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public Message<EventEnvelope> next() {
        DomainEvent event = events.next();
        EventEnvelope envelope = EventEnvelope.of(event, registry);
        return new Message<>(router.topicFor(event), envelope.aggregateId(), envelope);
    }

    /** The key is the envelope's aggregate id, as the system's publisher sets it. */
    @Override
    public CompletableFuture<Void> sendAsync(String key, EventEnvelope payload, Map<String, byte[]> headers) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        publisher.publish(payload, RunHeaders.of(headers)).whenComplete((result, error) -> {
            if (error == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(unwrap(error));
            }
        });
        return done;
    }

    // The publisher wraps the producer's exception in a PublishException: the harness reports Kafka's own.
    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof PublishException || t instanceof java.util.concurrent.CompletionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Override
    public void close() {
        try {
            publisher.close(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            log.warn("Closing the load producer failed: {}", e.toString());
        }
    }
}
