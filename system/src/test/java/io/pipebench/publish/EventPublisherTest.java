package io.pipebench.publish;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.events.BoundedContext;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventFactory;
import io.pipebench.events.EventHeaders;
import io.pipebench.events.EventMetadata;
import io.pipebench.events.EventType;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.JsonEventCodec;
import io.pipebench.metrics.PipelineMeters;
import io.pipebench.testing.Clusters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventPublisherTest {

    private static EmbeddedKafkaCluster cluster;
    private static final EventTypeRegistry registry = EventTypeRegistry.standard();
    private static final JsonEventCodec codec = new JsonEventCodec(registry);

    @BeforeAll
    static void start() {
        cluster = Clusters.freshWithCatalog();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void seedIsExactlyTheDocumentsProducerConfiguration() {
        assertThat(ProducerProfiles.seed()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "acks", "all", "retries", 3, "retry.backoff.ms", 1000, "enable.idempotence", true,
                "max.in.flight.requests.per.connection", 1, "batch.size", 16384, "linger.ms", 10,
                "compression.type", "snappy", "buffer.memory", 33554432L, "request.timeout.ms", 30000));
        assertThat(ProducerProfiles.tuned()).containsEntry("acks", "all").containsEntry("enable.idempotence", true);
        assertThatThrownBy(() -> ProducerProfiles.named("fast", Map.of())).hasMessageContaining("[seed, tuned]");
        assertThatThrownBy(() -> ProducerProfiles.named("seed", Map.of("lingerms", "5")))
                .hasMessageContaining("'lingerms'");
    }

    @Test
    void everyEventTypeGoesToItsContextsTopicKeyedByAggregateWithHeadersAndMeters() throws Exception {
        SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();
        PipelineMeters meters = new PipelineMeters(meterRegistry);
        TopicRouter router = TopicRouter.standard(registry);
        EventFactory factory = new EventFactory(registry, 7);
        Map<UUID, DomainEvent> sent = new HashMap<>();
        Map<UUID, PublishResult> results = new HashMap<>();
        try (EventPublisher publisher = EventPublisher.create(cluster, ProducerProfiles.seed(), codec, registry, router,
                meters)) {
            for (EventType type : registry.all()) {
                DomainEvent event = factory.create(type.name());
                sent.put(event.eventId(), event);
                results.put(event.eventId(), publisher.publish(event).get(30, TimeUnit.SECONDS));
            }
        }
        assertThat(sent).hasSize(24);
        Map<String, BoundedContext> topicContexts = Map.of("customer-events", BoundedContext.CUSTOMER,
                "order-events", BoundedContext.ORDER, "payment-events", BoundedContext.PAYMENT,
                "inventory-events", BoundedContext.INVENTORY);
        int found = 0;
        for (String topic : topicContexts.keySet()) {
            for (ConsumerRecord<byte[], byte[]> r : Clusters.readAll(cluster.connectionProperties(), topic)) {
                EventMetadata md = EventHeaders.read(r.headers());
                DomainEvent original = sent.get(md.eventId());
                if (original == null) {
                    continue;
                }
                found++;
                assertThat(original.context()).as(md.eventType() + " topic").isEqualTo(topicContexts.get(topic));
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(original.aggregateId());
                assertThat(codec.decode(md.eventType(), md.schemaVersion(), r.value())).isEqualTo(original);
                assertThat(md.correlationId()).isEqualTo(original.eventId());
                PublishResult result = results.get(md.eventId());
                assertThat(result.topic()).isEqualTo(topic);
                assertThat(result.partition()).isEqualTo(r.partition());
                assertThat(result.offset()).isEqualTo(r.offset());
            }
        }
        assertThat(found).isEqualTo(24);
        assertThat(meterRegistry.get("kafka.producer.send.time").tag("topic", "customer-events").tag("success", "true")
                .timer().count()).isEqualTo(11);
        assertThat(meterRegistry.get("kafka.producer.send.success").tag("topic", "order-events").counter().count())
                .isEqualTo(6);
        assertThat(meterRegistry.get("kafka.messages.produced").tag("topic", "payment-events").counter().count())
                .isEqualTo(4);
        assertThat(meterRegistry.get("kafka.producer.latency").timer().count()).isEqualTo(24);
    }

    @Test
    void anEventWithNoRouteIsRefusedAtTheCall() {
        DomainEvent stranger = new DomainEvent() {
            public UUID eventId() {
                return UUID.randomUUID();
            }

            public Instant occurredOn() {
                return Instant.now();
            }

            public String aggregateId() {
                return "x";
            }

            public BoundedContext context() {
                return BoundedContext.ORDER;
            }
        };
        SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();
        try (EventPublisher publisher = EventPublisher.create(cluster, ProducerProfiles.seed(), codec, registry,
                TopicRouter.standard(registry), new PipelineMeters(meterRegistry))) {
            assertThatThrownBy(() -> publisher.publish(stranger)).isInstanceOf(IllegalArgumentException.class);
            // A router without a topic for a context refuses too, and nothing goes to a default topic.
            TopicRouter partial = new TopicRouter(registry, Map.of(BoundedContext.ORDER, "order-events"));
            assertThatThrownBy(() -> partial.topicFor(EventFactory.samplePaymentFailed()))
                    .isInstanceOf(UnroutableEventException.class).hasMessageContaining("PAYMENT");
        }
        assertThat(meterRegistry.find("kafka.producer.send.failure").counters()).isEmpty();
    }

    @Test
    void aSendThatFailsReachesTheCallerAndIsCounted() {
        SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();
        TopicRouter toNowhere = new TopicRouter(registry, Map.of(BoundedContext.PAYMENT, "no-such-topic"));
        Map<String, Object> profile = new HashMap<>(ProducerProfiles.seed());
        profile.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
        try (EventPublisher publisher = EventPublisher.create(cluster, profile, codec, registry, toNowhere,
                new PipelineMeters(meterRegistry))) {
            CompletableFuture<PublishResult> f = publisher.publish(EventFactory.samplePaymentFailed());
            assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(PublishException.class).hasMessageContaining("no-such-topic");
        }
        assertThat(meterRegistry.get("kafka.producer.send.failure").tag("topic", "no-such-topic").counter().count())
                .isEqualTo(1);
        assertThat(meterRegistry.get("kafka.producer.send.time").tag("success", "false").timer().count()).isEqualTo(1);
    }
}
