package io.pipebench.benchmarks.compression;

import io.pipebench.events.BoundedContext;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventCodec;
import io.pipebench.events.EventEnvelope;
import io.pipebench.events.EventFactory;
import io.pipebench.events.EventHeaders;
import io.pipebench.events.EventType;
import io.pipebench.events.EventTypeRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;

/**
 * The records of one realistic producer batch and how Kafka's producer turns them into a record batch.
 * <p>
 * Content: what one partition of {@code order-events} (the busiest topic) receives: the six Order event types in
 * equal shares over 40 orders, keyed by order id, with the system's eight headers, encoded by the codec under test;
 * records are added until their uncompressed batch reaches {@value #TARGET_BYTES} bytes, the document's
 * {@code batch.size}. Everything comes from a seeded {@link EventFactory} and a stepping clock: same bytes every run.
 * <p>
 * Building uses {@link MemoryRecordsBuilder} with a Kafka {@link Compression}, the code the producer's record
 * accumulator runs (Kafka 4.4 keeps it in an {@code internal} package: it may move in a later Kafka).
 */
public final class ProducerBatch {

    /** The document's producer {@code batch.size}. */
    public static final int TARGET_BYTES = 16_384;
    private static final long SEED = 20_250_115L;
    private static final int ORDERS = 40;

    private final List<byte[]> keys = new ArrayList<>();
    private final List<byte[]> values = new ArrayList<>();
    private final List<Header[]> headers = new ArrayList<>();
    private final List<Long> timestamps = new ArrayList<>();
    private final int uncompressedBytes;

    /** The batch for {@code codec}, which must cover every Order event type. */
    public ProducerBatch(EventCodec codec) {
        EventTypeRegistry registry = EventTypeRegistry.standard();
        SteppingClock clock = new SteppingClock(Instant.parse("2025-01-15T10:30:00Z"), 7_313);
        EventFactory factory = new EventFactory(registry, SEED, clock);
        SplittableRandom random = new SplittableRandom(SEED);
        List<EventType> orderTypes = registry.ofContext(BoundedContext.ORDER);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            orders.add(factory.newAggregateId(BoundedContext.ORDER));
        }
        MemoryRecordsBuilder sizing = builder(Compression.NONE, TARGET_BYTES * 2);
        while (true) {
            EventType type = orderTypes.get(random.nextInt(orderTypes.size()));
            DomainEvent event = factory.create(type.name(), orders.get(random.nextInt(ORDERS)));
            EventEnvelope envelope = EventEnvelope.of(event, registry);
            RecordHeaders recordHeaders = new RecordHeaders();
            EventHeaders.write(envelope, codec.contentType(), recordHeaders);
            byte[] key = event.aggregateId().getBytes(StandardCharsets.UTF_8);
            byte[] value = codec.encode(event);
            Header[] h = recordHeaders.toArray();
            long timestamp = event.occurredOn().toEpochMilli();
            if (sizing.estimatedBytesWrittenAfter(key, value, h) > TARGET_BYTES && !keys.isEmpty()) {
                break;
            }
            sizing.append(timestamp, key, value, h);
            keys.add(key);
            values.add(value);
            headers.add(h);
            timestamps.add(timestamp);
        }
        this.uncompressedBytes = sizing.build().sizeInBytes();
    }

    /** Bytes of the batch uncompressed, record-batch header included: the producer's 16 KB. */
    public int uncompressedBytes() {
        return uncompressedBytes;
    }

    public int recordCount() {
        return keys.size();
    }

    /** The batch as the producer would send it, compressed with {@code compression}. */
    public MemoryRecords build(Compression compression) {
        return build(compression, ByteBuffer.allocate(uncompressedBytes + 1024));
    }

    /** The same, into {@code buffer} (cleared first), as the producer reuses buffers from its pool. */
    public MemoryRecords build(Compression compression, ByteBuffer buffer) {
        buffer.clear();
        MemoryRecordsBuilder builder = MemoryRecords.builder(buffer, compression, TimestampType.CREATE_TIME, 0L);
        for (int i = 0; i < keys.size(); i++) {
            builder.append(timestamps.get(i), keys.get(i), values.get(i), headers.get(i));
        }
        return builder.build();
    }

    /** Kafka's compression by its producer-config name: none, gzip, snappy, lz4 or zstd, at default levels. */
    public static Compression compression(String name) {
        return Compression.of(name).build();
    }

    private static MemoryRecordsBuilder builder(Compression compression, int capacity) {
        return MemoryRecords.builder(ByteBuffer.allocate(capacity), compression, TimestampType.CREATE_TIME, 0L);
    }
}
