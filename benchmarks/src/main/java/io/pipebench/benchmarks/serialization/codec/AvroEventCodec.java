package io.pipebench.benchmarks.serialization.codec;

import io.pipebench.benchmarks.serialization.avro.AvroMoney;
import io.pipebench.benchmarks.serialization.avro.AvroOrderCreated;
import io.pipebench.benchmarks.serialization.avro.AvroOrderInventoryReservationRequested;
import io.pipebench.benchmarks.serialization.avro.AvroOrderItem;
import io.pipebench.benchmarks.serialization.avro.AvroPaymentFailed;
import io.pipebench.benchmarks.serialization.avro.AvroUuid;
import io.pipebench.events.CustomerId;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventCodec;
import io.pipebench.events.Money;
import io.pipebench.events.OrderCreated;
import io.pipebench.events.OrderId;
import io.pipebench.events.OrderInventoryReservationRequested;
import io.pipebench.events.OrderItem;
import io.pipebench.events.PaymentFailed;
import io.pipebench.events.PaymentId;
import io.pipebench.events.ProductId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro binary with classes generated from {@code src/main/avro/events.avsc}, and the hand mapping between them and
 * the domain records, which is part of the measured cost (a user of Avro pays it too). Bare Avro: no schema
 * registry id in front (Confluent's wire format would add 5 bytes and a registry lookup on first use). A new
 * encoder and stream per call, as a Kafka serializer shared by producer threads must. Thread-safe.
 */
public final class AvroEventCodec implements EventCodec {

    /** One event type: its Avro class's writer and reader, and the mapping both ways. */
    private record Mapping<D extends DomainEvent, A extends SpecificRecordBase>(
            SpecificDatumWriter<A> writer, SpecificDatumReader<A> reader,
            Function<D, A> toAvro, Function<A, D> fromAvro) {

        static <D extends DomainEvent, A extends SpecificRecordBase> Mapping<D, A> of(
                Class<A> avroClass, Function<D, A> toAvro, Function<A, D> fromAvro) {
            return new Mapping<>(new SpecificDatumWriter<>(avroClass), new SpecificDatumReader<>(avroClass),
                    toAvro, fromAvro);
        }

        @SuppressWarnings("unchecked")
        void write(DomainEvent event, BinaryEncoder encoder) throws IOException {
            writer.write(toAvro.apply((D) event), encoder);
        }

        D read(BinaryDecoder decoder) throws IOException {
            return fromAvro.apply(reader.read(null, decoder));
        }
    }

    static {
        // Avro 1.12 resolves the generated classes by name and refuses any it is not told to trust: trust exactly
        // these, on top of Avro's defaults.
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                ClassSecurityValidator.builder()
                        .add(AvroPaymentFailed.class).add(AvroOrderCreated.class)
                        .add(AvroOrderInventoryReservationRequested.class).add(AvroOrderItem.class)
                        .add(AvroMoney.class).add(AvroUuid.class)
                        .build()));
    }

    private final Map<String, Mapping<?, ?>> byType = Map.of(
            "PaymentFailed", Mapping.<PaymentFailed, AvroPaymentFailed>of(AvroPaymentFailed.class,
                    AvroEventCodec::toAvro, AvroEventCodec::fromAvro),
            "OrderCreated", Mapping.<OrderCreated, AvroOrderCreated>of(AvroOrderCreated.class,
                    AvroEventCodec::toAvro, AvroEventCodec::fromAvro),
            "OrderInventoryReservationRequested", Mapping.<OrderInventoryReservationRequested,
                    AvroOrderInventoryReservationRequested>of(AvroOrderInventoryReservationRequested.class,
                    AvroEventCodec::toAvro, AvroEventCodec::fromAvro));

    @Override
    public String name() {
        return "avro";
    }

    @Override
    public String contentType() {
        return "application/vnd.apache.avro+binary";
    }

    @Override
    public byte[] encode(DomainEvent event) {
        Mapping<?, ?> mapping = mapping(event.getClass().getSimpleName());
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            mapping.write(event, encoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public DomainEvent decode(String eventType, int schemaVersion, byte[] payload) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(payload, null);
        try {
            return mapping(eventType).read(decoder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode " + eventType, e);
        }
    }

    private Mapping<?, ?> mapping(String eventType) {
        Mapping<?, ?> mapping = byType.get(eventType);
        if (mapping == null) {
            throw new UnsupportedEventException(name(), eventType);
        }
        return mapping;
    }

    // ---- mapping, by hand ----

    private static AvroPaymentFailed toAvro(PaymentFailed e) {
        return new AvroPaymentFailed(uuid(e.eventId()), BinaryFields.micros(e.occurredOn()),
                uuid(e.paymentId().value()), uuid(e.orderId().value()), money(e.amount()), e.failureReason(),
                e.canRetry());
    }

    private static PaymentFailed fromAvro(AvroPaymentFailed a) {
        return new PaymentFailed(uuid(a.getEventId()), BinaryFields.instant(a.getOccurredOnMicros()),
                new PaymentId(uuid(a.getPaymentId())), new OrderId(uuid(a.getOrderId())), money(a.getAmount()),
                a.getFailureReason(), a.getCanRetry());
    }

    private static AvroOrderCreated toAvro(OrderCreated e) {
        List<String> items = new ArrayList<>(e.items().size());
        for (ProductId item : e.items()) {
            items.add(item.value());
        }
        return new AvroOrderCreated(uuid(e.eventId()), BinaryFields.micros(e.occurredOn()),
                uuid(e.orderId().value()), e.customerId().value(), money(e.totalAmount()), items);
    }

    private static OrderCreated fromAvro(AvroOrderCreated a) {
        List<ProductId> items = new ArrayList<>(a.getItems().size());
        for (String item : a.getItems()) {
            items.add(new ProductId(item));
        }
        return new OrderCreated(uuid(a.getEventId()), BinaryFields.instant(a.getOccurredOnMicros()),
                new OrderId(uuid(a.getOrderId())), new CustomerId(a.getCustomerId()), money(a.getTotalAmount()),
                items);
    }

    private static AvroOrderInventoryReservationRequested toAvro(OrderInventoryReservationRequested e) {
        List<AvroOrderItem> items = new ArrayList<>(e.items().size());
        for (OrderItem item : e.items()) {
            items.add(new AvroOrderItem(item.productId().value(), item.quantity(), money(item.price())));
        }
        return new AvroOrderInventoryReservationRequested(uuid(e.eventId()), BinaryFields.micros(e.occurredOn()),
                uuid(e.orderId().value()), e.customerId().value(), items);
    }

    private static OrderInventoryReservationRequested fromAvro(AvroOrderInventoryReservationRequested a) {
        List<OrderItem> items = new ArrayList<>(a.getItems().size());
        for (AvroOrderItem item : a.getItems()) {
            items.add(new OrderItem(new ProductId(item.getProductId()), item.getQuantity(), money(item.getPrice())));
        }
        return new OrderInventoryReservationRequested(uuid(a.getEventId()),
                BinaryFields.instant(a.getOccurredOnMicros()), new OrderId(uuid(a.getOrderId())),
                new CustomerId(a.getCustomerId()), items);
    }

    private static AvroUuid uuid(java.util.UUID value) {
        return new AvroUuid(BinaryFields.uuid(value));
    }

    private static java.util.UUID uuid(AvroUuid value) {
        return BinaryFields.uuid(value.bytes());
    }

    private static AvroMoney money(Money m) {
        return new AvroMoney(ByteBuffer.wrap(BinaryFields.unscaled(m.amount())), m.amount().scale(),
                m.currency().getCurrencyCode());
    }

    private static Money money(AvroMoney a) {
        ByteBuffer buffer = a.getUnscaled();
        byte[] unscaled = new byte[buffer.remaining()];
        buffer.duplicate().get(unscaled);
        return new Money(BinaryFields.decimal(unscaled, a.getScale()), Currency.getInstance(a.getCurrency()));
    }
}
