package io.pipebench.consume;

import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventEnvelope;
import io.pipebench.events.EventFactory;
import io.pipebench.events.EventHeaders;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.JsonEventCodec;
import io.pipebench.metrics.PipelineMeters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Clock;
import java.time.Duration;

/** What the GroupMember tests on a MockConsumer share: a dead-letter publisher that never fails, and records. */
final class MemberFixture {

    private static final EventTypeRegistry REGISTRY = EventTypeRegistry.standard();
    static final JsonEventCodec CODEC = new JsonEventCodec(REGISTRY);

    private MemberFixture() {
    }

    static DeadLetterPublisher deadLetters(PipelineMeters meters) {
        return new DeadLetterPublisher(new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer()), "dead-letter-queue", meters, Duration.ofSeconds(1), Clock.systemUTC());
    }

    /** A well-formed OrderCreated record with its headers, at this offset. */
    static ConsumerRecord<byte[], byte[]> orderCreated(TopicPartition tp, long offset) {
        DomainEvent event = EventFactory.sampleOrderCreated();
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>(tp.topic(), tp.partition(), offset, null,
                CODEC.encode(event));
        EventHeaders.write(EventEnvelope.of(event, REGISTRY), CODEC.contentType(), r.headers());
        return r;
    }
}
