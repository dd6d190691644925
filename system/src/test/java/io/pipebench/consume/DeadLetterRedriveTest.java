package io.pipebench.consume;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipebench.events.EventEnvelope;
import io.pipebench.events.EventFactory;
import io.pipebench.events.EventHeaders;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.OrderCreated;
import io.pipebench.metrics.PipelineMeters;
import io.pipebench.publish.TopicRouter;
import io.pipebench.testing.SharedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dead letters of one reason go back to their topic with key, value and event headers, a pointer letter from its
 * original; other reasons stay; a dry run sends nothing; a second redrive sends only what arrived since.
 */
class DeadLetterRedriveTest {

    private final Map<String, Object> connection = SharedKafka.cluster().connectionProperties();
    private final EventTypeRegistry registry = EventTypeRegistry.standard();
    private final String reason = "test-redrive-" + UUID.randomUUID();

    /** An order event as the publisher sends it, as a consumer would have read it at the given place. */
    private ConsumerRecord<byte[], byte[]> original(String topic, int partition, long offset, OrderCreated event) {
        RecordHeaders headers = new RecordHeaders();
        EventHeaders.write(EventEnvelope.of(event, registry), "application/json", headers);
        return new ConsumerRecord<>(topic, partition, offset, 0L, TimestampType.CREATE_TIME, 0, 0,
                event.aggregateId().getBytes(StandardCharsets.UTF_8),
                ("{\"id\":\"" + event.eventId() + "\"}").getBytes(StandardCharsets.UTF_8), headers, Optional.empty());
    }

    private OrderCreated newOrder(long seed) {
        return (OrderCreated) new EventFactory(registry, seed).create("OrderCreated", UUID.randomUUID().toString());
    }

    /** Records on the topic since the given end offsets that carry one of these event ids. */
    private List<ConsumerRecord<byte[], byte[]>> arrivedSince(Map<TopicPartition, Long> from, List<UUID> ids) {
        return new DeadLetterReader(connection, "order-events", Duration.ofSeconds(30)).readFrom(from).records()
                .stream().filter(r -> eventId(r).map(ids::contains).orElse(false)).toList();
    }

    /** Other tests on the shared cluster send records without event headers too. */
    private static Optional<UUID> eventId(ConsumerRecord<byte[], byte[]> r) {
        try {
            return Optional.of(EventHeaders.read(r.headers()).eventId());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Test
    void lettersOfTheReasonGoBackToTheirTopicOnceAndOthersStay() throws Exception {
        DeadLetterReader orders = new DeadLetterReader(connection, "order-events", Duration.ofSeconds(30));
        OrderCreated first = newOrder(1);
        OrderCreated second = newOrder(2);
        OrderCreated other = newOrder(3);
        try (DeadLetterPublisher dlq = DeadLetterPublisher.create(connection,
                new PipelineMeters(new SimpleMeterRegistry()))) {
            dlq.send(original("order-events", 1, 10, first), "g", new IllegalStateException("boom"), 4, reason);
            dlq.send(original("order-events", 2, 11, other), "g", new IllegalStateException("boom"), 1,
                    reason + "-other");
        }
        Map<TopicPartition, Long> before = orders.endOffsets();
        DeadLetterRedrive redrive = new DeadLetterRedrive(connection);

        DeadLetterRedrive.Result dry = redrive.redrive(reason, true);
        assertThat(dry.matched()).isEqualTo(1);
        assertThat(dry.perTopic()).containsExactly(Map.entry("order-events", 1L));
        assertThat(dry.sent()).isZero();

        DeadLetterRedrive.Result real = redrive.redrive(reason, false);
        assertThat(real.matched()).isEqualTo(1);
        assertThat(real.sent()).isEqualTo(1);
        assertThat(real.skipped()).isEmpty();
        List<ConsumerRecord<byte[], byte[]>> back = arrivedSince(before,
                List.of(first.eventId(), other.eventId()));
        assertThat(back).hasSize(1);
        ConsumerRecord<byte[], byte[]> r = back.get(0);
        ConsumerRecord<byte[], byte[]> sent = original("order-events", 1, 10, first);
        assertThat(r.key()).isEqualTo(sent.key());
        assertThat(r.value()).isEqualTo(sent.value());
        assertThat(EventHeaders.read(r.headers()).eventId()).isEqualTo(first.eventId());
        assertThat(r.headers().lastHeader(DeadLetterHeaders.REASON)).isNull();
        assertThat(r.headers().lastHeader(DeadLetterRedrive.REDRIVEN_FROM)).isNotNull();

        // Only what arrived since the last redrive of the reason is sent again.
        try (DeadLetterPublisher dlq = DeadLetterPublisher.create(connection,
                new PipelineMeters(new SimpleMeterRegistry()))) {
            dlq.send(original("order-events", 1, 12, second), "g", new IllegalStateException("boom"), 4, reason);
        }
        DeadLetterRedrive.Result again = redrive.redrive(reason, false);
        assertThat(again.matched()).isEqualTo(1);
        assertThat(arrivedSince(before, List.of(first.eventId(), second.eventId(), other.eventId())))
                .extracting(x -> EventHeaders.read(x.headers()).eventId())
                .containsExactlyInAnyOrder(first.eventId(), second.eventId());
    }

    @Test
    void aPointerLetterIsRedrivenFromItsOriginalAndALetterWithoutOriginIsReported() throws Exception {
        OrderCreated event = newOrder(4);
        ConsumerRecord<byte[], byte[]> shape = original("order-events", 0, 0, event);
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.copyOf(connection),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> stored = new ProducerRecord<>("order-events", 4, shape.key(),
                    shape.value(), shape.headers());
            RecordMetadata at = raw.send(stored).get();
            ProducerRecord<byte[], byte[]> pointer = new ProducerRecord<>(TopicRouter.DEAD_LETTER_TOPIC, null, null,
                    null);
            header(pointer, DeadLetterHeaders.ORIGINAL_TOPIC, "order-events");
            header(pointer, DeadLetterHeaders.ORIGINAL_PARTITION, String.valueOf(at.partition()));
            header(pointer, DeadLetterHeaders.ORIGINAL_OFFSET, String.valueOf(at.offset()));
            header(pointer, DeadLetterHeaders.VALUE_OMITTED, "record-too-large");
            header(pointer, DeadLetterHeaders.REASON, reason);
            raw.send(pointer).get();
            ProducerRecord<byte[], byte[]> noOrigin = new ProducerRecord<>(TopicRouter.DEAD_LETTER_TOPIC, null,
                    shape.key(), shape.value());
            header(noOrigin, DeadLetterHeaders.REASON, reason);
            raw.send(noOrigin).get();
        }
        Map<TopicPartition, Long> before = new DeadLetterReader(connection, "order-events", Duration.ofSeconds(30))
                .endOffsets();

        DeadLetterRedrive.Result r = new DeadLetterRedrive(connection).redrive(reason, false);

        assertThat(r.matched()).isEqualTo(2);
        assertThat(r.sent()).isEqualTo(1);
        assertThat(r.skipped()).singleElement().asString().contains("dlq-original-topic");
        List<ConsumerRecord<byte[], byte[]>> back = arrivedSince(before, List.of(event.eventId()));
        assertThat(back).singleElement().satisfies(x -> assertThat(x.value()).isEqualTo(shape.value()));
    }

    private static void header(ProducerRecord<byte[], byte[]> r, String key, String value) {
        r.headers().add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
