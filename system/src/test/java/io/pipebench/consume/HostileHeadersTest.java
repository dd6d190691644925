package io.pipebench.consume;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipebench.cluster.KafkaCluster;
import io.pipebench.events.EventHeaders;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.JsonEventCodec;
import io.pipebench.metrics.PipelineMeters;
import io.pipebench.testing.SharedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A producer that writes an invented event type into every record's header cannot create a meter per value: the
 * consumers' {@code event_type} tag collapses to "unknown" for anything the registry does not know.
 */
class HostileHeadersTest {

    private static final int RECORDS = 200;

    @Test
    void inventedEventTypesCollapseToOneBoundedTag() throws Exception {
        KafkaCluster cluster = SharedKafka.cluster();
        String topic = "hostile-headers-" + UUID.randomUUID();
        try (Admin admin = Admin.create(cluster.connectionProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PipelineMeters meters = new PipelineMeters(registry);
        EventTypeRegistry types = EventTypeRegistry.standard();
        Map<String, Object> config = new HashMap<>(cluster.connectionProperties());
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000_000);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                String invented = i == 0 ? "X".repeat(100_000) : "Invented" + i + "\n" + UUID.randomUUID();
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, "{}".getBytes(StandardCharsets.UTF_8));
                r.headers().add(EventHeaders.EVENT_TYPE, invented.getBytes(StandardCharsets.UTF_8));
                producer.send(r);
            }
            producer.flush();
        }
        ConsumerGroupSpec spec = ConsumerGroupSpec.of("hostile-" + UUID.randomUUID(), List.of(topic), events -> { },
                false).withConcurrency(1);
        try (DeadLetterPublisher deadLetters = DeadLetterPublisher.create(cluster.connectionProperties(), meters);
             ConsumerGroupRunner runner = ConsumerGroupRunner.start(spec, cluster.connectionProperties(),
                     new JsonEventCodec(types), deadLetters, meters)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> failures(registry).values().stream()
                    .mapToDouble(Double::doubleValue).sum() >= RECORDS);
        }
        Map<String, Double> byType = failures(registry);
        assertThat(byType).containsOnlyKeys(PipelineMeters.UNKNOWN_EVENT_TYPE);
        assertThat(byType.get(PipelineMeters.UNKNOWN_EVENT_TYPE)).isEqualTo((double) RECORDS);
        Set<String> allTypeTags = registry.getMeters().stream().map(m -> m.getId().getTag("event_type"))
                .filter(v -> v != null).collect(Collectors.toSet());
        assertThat(allTypeTags).allSatisfy(v -> assertThat(v.length()).isLessThan(64));
    }

    @Test
    void aRegisteredTypeKeepsItsName() {
        PipelineMeters meters = new PipelineMeters(new SimpleMeterRegistry());
        assertThat(meters.eventTypeTag("OrderCreated")).isEqualTo("OrderCreated");
        assertThat(meters.eventTypeTag("batch")).isEqualTo("batch");
        assertThat(meters.eventTypeTag(null)).isEqualTo(PipelineMeters.UNKNOWN_EVENT_TYPE);
        assertThat(meters.eventTypeTag("OrderCreated ")).isEqualTo(PipelineMeters.UNKNOWN_EVENT_TYPE);
    }

    private static Map<String, Double> failures(SimpleMeterRegistry registry) {
        return registry.find(PipelineMeters.CONSUMER_PROCESS_FAILURE).counters().stream()
                .collect(Collectors.toMap(c -> c.getId().getTag("event_type"), Counter::count, Double::sum));
    }
}
