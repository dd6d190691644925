package io.pipebench.benchmarks.serialization;

import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventCodec;
import io.pipebench.events.EventEnvelope;
import io.pipebench.events.EventFactory;
import io.pipebench.events.EventHeaders;
import io.pipebench.events.EventMetadata;
import io.pipebench.events.EventTypeRegistry;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The four benchmark inputs, the reference system's real events with fixed content (same bytes every run), and how
 * each goes to what a Kafka record carries and back. Constant names are the names in the results.
 */
public enum Input {

    /** Small: one payment's failure, flat, 7 fields. */
    PaymentFailed {
        @Override
        public Object sample() {
            return EventFactory.samplePaymentFailed();
        }
    },
    /** Medium: an order with 3 product ids and a total. */
    OrderCreated {
        @Override
        public Object sample() {
            return EventFactory.sampleOrderCreated();
        }
    },
    /** Nested: 3 order lines, each with a product, a quantity and a price. */
    OrderInventoryReservationRequested {
        @Override
        public Object sample() {
            return EventFactory.sampleReservationRequest();
        }
    },
    /**
     * The nested event in its envelope, caused by the OrderCreated: the record value plus the eight Kafka headers the
     * system writes ({@link EventHeaders}). Encoding writes the headers too, decoding reads them back and picks the
     * decoder by the event-type and schema-version headers: the whole per-record cost a producer and a consumer pay.
     */
    Envelope {
        @Override
        public Object sample() {
            EventTypeRegistry registry = EventTypeRegistry.standard();
            return EventEnvelope.of(EventFactory.sampleReservationRequest(), registry)
                    .causedBy(EventEnvelope.of(EventFactory.sampleOrderCreated(), registry));
        }

        @Override
        public Object encode(EventCodec codec, Object value) {
            EventEnvelope envelope = (EventEnvelope) value;
            RecordHeaders headers = new RecordHeaders();
            EventHeaders.write(envelope, codec.contentType(), headers);
            return new EncodedRecord(headers, codec.encode(envelope.event()));
        }

        @Override
        public Object decode(EventCodec codec, Object encoded) {
            EncodedRecord record = (EncodedRecord) encoded;
            EventMetadata meta = EventHeaders.read(record.headers());
            DomainEvent event = codec.decode(meta.eventType(), meta.schemaVersion(), record.value());
            return new EventEnvelope(event, meta.eventType(), meta.schemaVersion(), meta.correlationId(),
                    meta.causationId());
        }

        @Override
        public byte[] payload(Object encoded) {
            return ((EncodedRecord) encoded).value();
        }

        @Override
        public Header[] headers(Object encoded) {
            return ((EncodedRecord) encoded).headers().toArray();
        }
    };

    /** A record value with its headers. */
    public record EncodedRecord(RecordHeaders headers, byte[] value) {
    }

    /** The input: a {@link DomainEvent}, or for {@link #Envelope} an {@link EventEnvelope}. */
    public abstract Object sample();

    /** What a producer would send: the payload bytes, or for {@link #Envelope} an {@link EncodedRecord}. */
    public Object encode(EventCodec codec, Object value) {
        return codec.encode((DomainEvent) value);
    }

    /** What a consumer would rebuild from {@link #encode}'s output. */
    public Object decode(EventCodec codec, Object encoded) {
        return codec.decode(name(), 1, (byte[]) encoded);
    }

    /** The record value in {@link #encode}'s output. */
    public byte[] payload(Object encoded) {
        return (byte[]) encoded;
    }

    /** The record headers in {@link #encode}'s output (none for a bare event). */
    public Header[] headers(Object encoded) {
        return new Header[0];
    }
}
