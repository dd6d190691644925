package io.pipebench.run;

import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.consume.DeadLetterHeaders;
import io.pipebench.events.EventEnvelope;
import io.pipebench.events.EventFactory;
import io.pipebench.events.EventHeaders;
import io.pipebench.events.OrderCreated;
import io.pipebench.events.OrderId;
import io.pipebench.store.ConflictingEventException;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records that the store must not take for redeliveries reach the dead-letter topic with their reason: an event id
 * reused by a different event (ConflictingEventException from the store), and headers whose event id contradicts
 * the payload (a decoding failure). The events around them are stored once and the partition keeps flowing.
 */
class ReusedEventIdDeadLetterTest {

    private static EmbeddedKafkaCluster cluster;
    private static EventStoreSettings settings;

    @BeforeAll
    static void start() {
        cluster = Clusters.freshWithCatalog();
        settings = TestSchemas.fresh("reused");
    }

    @AfterAll
    static void stop() {
        try (Database db = Database.open(settings)) {
            StoreQueries.dropSchema(db);
        }
        cluster.close();
    }

    @Test
    void aReusedIdAndContradictoryHeadersAreDeadLetteredWithTheirReasonNeverSkipped() throws Exception {
        try (ReferenceSystem system = ReferenceSystem.builder(cluster).eventStore(settings)
                .groups(List.of("audit")).start();
             Database db = Database.open(settings);
             KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.copyOf(cluster.connectionProperties()),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            OrderCreated stored = order(UUID.randomUUID());
            system.publisher().publish(stored).get();
            await().atMost(Duration.ofSeconds(60)).until(() -> StoreQueries.rows(db).containsKey(stored.eventId()));

            // another order under the stored event's id: a different event, not a redelivery
            OrderCreated impostor = order(stored.eventId());
            ProducerRecord<byte[], byte[]> reused = record(system, impostor, system.codec().encode(impostor));
            // a fresh event whose event-id header names another id
            OrderCreated contradicted = order(UUID.randomUUID());
            ProducerRecord<byte[], byte[]> mismatched = record(system, contradicted,
                    system.codec().encode(contradicted));
            mismatched.headers().remove(EventHeaders.EVENT_ID).add(EventHeaders.EVENT_ID,
                    UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            RecordMetadata m1 = raw.send(reused).get();
            RecordMetadata m2 = raw.send(mismatched).get();
            // a good event of the impostor's aggregate behind it (same key: same partition)
            OrderCreated behind = new OrderCreated(UUID.randomUUID(), impostor.occurredOn(), impostor.orderId(),
                    impostor.customerId(), impostor.totalAmount(), impostor.items());
            system.publisher().publish(behind).get();

            await().atMost(Duration.ofSeconds(60)).until(() -> StoreQueries.rows(db).containsKey(behind.eventId()));
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    Clusters.readAll(cluster.connectionProperties(), "dead-letter-queue").size() >= 2);
            Map<String, ConsumerRecord<byte[], byte[]>> letters = Clusters.readAll(cluster.connectionProperties(),
                    "dead-letter-queue").stream().collect(Collectors.toMap(
                    r -> header(r, DeadLetterHeaders.ORIGINAL_PARTITION) + "@"
                            + header(r, DeadLetterHeaders.ORIGINAL_OFFSET), Function.identity()));
            assertThat(letters.keySet()).containsExactlyInAnyOrder(where(m1), where(m2));

            ConsumerRecord<byte[], byte[]> conflict = letters.get(where(m1));
            assertThat(header(conflict, DeadLetterHeaders.REASON)).isEqualTo("non-retryable");
            assertThat(header(conflict, DeadLetterHeaders.EXCEPTION_CLASS))
                    .isEqualTo(ConflictingEventException.class.getName());
            assertThat(header(conflict, DeadLetterHeaders.EXCEPTION_MESSAGE))
                    .contains(stored.eventId().toString())
                    .contains("Order/" + stored.aggregateId()).contains("Order/" + impostor.aggregateId());
            assertThat(conflict.value()).isEqualTo(reused.value());

            ConsumerRecord<byte[], byte[]> header = letters.get(where(m2));
            assertThat(header(header, DeadLetterHeaders.REASON)).isEqualTo("decoding:header_mismatch");
            assertThat(header(header, DeadLetterHeaders.EXCEPTION_MESSAGE)).contains(contradicted.eventId().toString());

            Map<UUID, StoreQueries.Row> rows = StoreQueries.rows(db);
            assertThat(rows).hasSize(2).containsKeys(stored.eventId(), behind.eventId());
            assertThat(StoreQueries.stream(db, "Order", stored.aggregateId())).containsExactly(stored.eventId());
            assertThat(StoreQueries.stream(db, "Order", impostor.aggregateId())).containsExactly(behind.eventId());
        }
    }

    private static String where(RecordMetadata m) {
        return m.partition() + "@" + m.offset();
    }

    private static OrderCreated order(UUID eventId) {
        OrderCreated sample = EventFactory.sampleOrderCreated();
        return new OrderCreated(eventId, sample.occurredOn(), new OrderId(UUID.randomUUID()), sample.customerId(),
                sample.totalAmount(), sample.items());
    }

    private static ProducerRecord<byte[], byte[]> record(ReferenceSystem system, OrderCreated event, byte[] value) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("order-events",
                event.aggregateId().getBytes(StandardCharsets.UTF_8), value);
        EventHeaders.write(EventEnvelope.of(event, system.registry()), "application/json", record.headers());
        return record;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
