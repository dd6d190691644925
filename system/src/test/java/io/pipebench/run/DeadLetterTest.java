package io.pipebench.run;

import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.consume.DeadLetterHeaders;
import io.pipebench.events.EventEnvelope;
import io.pipebench.events.EventFactory;
import io.pipebench.events.EventHeaders;
import io.pipebench.events.OrderCreated;
import io.pipebench.store.Database;
import io.pipebench.store.EventStoreSettings;
import io.pipebench.testing.Clusters;
import io.pipebench.testing.StoreQueries;
import io.pipebench.testing.TestSchemas;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Poison records (bad JSON, an unknown type, no headers) land in the dead-letter topic with every header, unchanged,
 * once per group that reads them; the partition keeps flowing, for the per-record and the batch consumer alike.
 */
class DeadLetterTest {

    private static EmbeddedKafkaCluster cluster;
    private static EventStoreSettings settings;

    @BeforeAll
    static void start() {
        cluster = Clusters.freshWithCatalog();
        settings = TestSchemas.fresh("dlq");
    }

    @AfterAll
    static void stop() {
        try (Database db = Database.open(settings)) {
            StoreQueries.dropSchema(db);
        }
        cluster.close();
    }

    @Test
    void poisonGoesToTheDeadLetterTopicWithItsReasonAndThePartitionKeepsFlowing() throws Exception {
        Instant before = Instant.now();
        try (ReferenceSystem system = ReferenceSystem.builder(cluster).eventStore(settings)
                .groups(List.of("audit", "notification")).start();
             Database db = Database.open(settings);
             KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.copyOf(cluster.connectionProperties()),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            OrderCreated good = EventFactory.sampleOrderCreated();
            byte[] key = good.aggregateId().getBytes(StandardCharsets.UTF_8);
            byte[] goodJson = system.codec().encode(good);

            ProducerRecord<byte[], byte[]> badJson = new ProducerRecord<>("order-events", key,
                    "{\"orderId\": not json".getBytes(StandardCharsets.UTF_8));
            EventHeaders.write(EventEnvelope.of(good, system.registry()), "application/json", badJson.headers());
            ProducerRecord<byte[], byte[]> unknownType = new ProducerRecord<>("order-events", key, goodJson);
            EventHeaders.write(EventEnvelope.of(good, system.registry()), "application/json", unknownType.headers());
            unknownType.headers().remove(EventHeaders.EVENT_TYPE).add(EventHeaders.EVENT_TYPE,
                    "OrderTeleported".getBytes(StandardCharsets.UTF_8));
            ProducerRecord<byte[], byte[]> noHeaders = new ProducerRecord<>("order-events", key, goodJson);

            RecordMetadata m1 = raw.send(badJson).get();
            RecordMetadata m2 = raw.send(unknownType).get();
            RecordMetadata m3 = raw.send(noHeaders).get();
            // A good event behind the poison, on the same partition (same key).
            var ack = system.publisher().publish(good).get();
            assertThat(ack.partition()).isEqualTo(m1.partition());

            await().atMost(Duration.ofSeconds(60)).until(() -> StoreQueries.rows(db).containsKey(good.eventId()));
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    Clusters.readAll(cluster.connectionProperties(), "dead-letter-queue").size() >= 6);
            List<ConsumerRecord<byte[], byte[]>> letters =
                    Clusters.readAll(cluster.connectionProperties(), "dead-letter-queue");
            assertThat(letters).hasSize(6);

            Map<String, List<ConsumerRecord<byte[], byte[]>>> byGroup = letters.stream()
                    .collect(Collectors.groupingBy(r -> header(r, DeadLetterHeaders.CONSUMER_GROUP)));
            assertThat(byGroup.keySet()).containsExactlyInAnyOrder("genai-demo-audit", "genai-demo-notification");
            for (List<ConsumerRecord<byte[], byte[]>> ofGroup : byGroup.values()) {
                assertThat(ofGroup).extracting(r -> Long.parseLong(header(r, DeadLetterHeaders.ORIGINAL_OFFSET)))
                        .containsExactlyInAnyOrder(m1.offset(), m2.offset(), m3.offset());
                for (ConsumerRecord<byte[], byte[]> r : ofGroup) {
                    long offset = Long.parseLong(header(r, DeadLetterHeaders.ORIGINAL_OFFSET));
                    assertThat(header(r, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("order-events");
                    assertThat(Integer.parseInt(header(r, DeadLetterHeaders.ORIGINAL_PARTITION))).isEqualTo(m1.partition());
                    assertThat(header(r, DeadLetterHeaders.ORIGINAL_KEY)).isEqualTo(good.aggregateId());
                    assertThat(r.key()).isEqualTo(key);
                    assertThat(header(r, DeadLetterHeaders.EXCEPTION_CLASS))
                            .isEqualTo("io.pipebench.events.EventDecodingException");
                    assertThat(header(r, DeadLetterHeaders.EXCEPTION_MESSAGE)).isNotBlank();
                    assertThat(header(r, DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
                    assertThat(Instant.parse(header(r, DeadLetterHeaders.FAILED_AT))).isAfterOrEqualTo(before);
                    String reason = header(r, DeadLetterHeaders.REASON);
                    if (offset == m1.offset()) {
                        assertThat(reason).isEqualTo("decoding:malformed_payload");
                        assertThat(r.value()).isEqualTo(badJson.value()); // unchanged: nothing lost
                    } else if (offset == m2.offset()) {
                        assertThat(reason).isEqualTo("decoding:unknown_type");
                        assertThat(header(r, DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("OrderTeleported");
                    } else {
                        assertThat(reason).isEqualTo("decoding:missing_header");
                        assertThat(header(r, DeadLetterHeaders.EXCEPTION_MESSAGE)).contains(EventHeaders.EVENT_TYPE);
                    }
                }
            }
            assertThat(system.meters().registry().get("kafka.messages.produced").tag("topic", "dead-letter-queue")
                    .counter().count()).isEqualTo(6);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
