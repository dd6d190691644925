package io.pipebench.benchmarks.serialization.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.pipebench.benchmarks.serialization.proto.ProtoMoney;
import io.pipebench.benchmarks.serialization.proto.ProtoOrderCreated;
import io.pipebench.benchmarks.serialization.proto.ProtoOrderInventoryReservationRequested;
import io.pipebench.benchmarks.serialization.proto.ProtoOrderItem;
import io.pipebench.benchmarks.serialization.proto.ProtoPaymentFailed;
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
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

/**
 * Protocol Buffers with classes generated from {@code src/main/protobuf/events.proto} (protoc fetched from Maven
 * Central by the build), and the hand mapping between them and the domain records, which is part of the measured
 * cost. Generated messages are immutable: the codec is thread-safe.
 */
public final class ProtobufEventCodec implements EventCodec {

    @Override
    public String name() {
        return "protobuf";
    }

    @Override
    public String contentType() {
        return "application/x-protobuf";
    }

    @Override
    public byte[] encode(DomainEvent event) {
        if (event instanceof PaymentFailed e) {
            return ProtoPaymentFailed.newBuilder()
                    .setEventId(uuid(e.eventId()))
                    .setOccurredOnMicros(BinaryFields.micros(e.occurredOn()))
                    .setPaymentId(uuid(e.paymentId().value()))
                    .setOrderId(uuid(e.orderId().value()))
                    .setAmount(money(e.amount()))
                    .setFailureReason(e.failureReason())
                    .setCanRetry(e.canRetry())
                    .build().toByteArray();
        }
        if (event instanceof OrderCreated e) {
            ProtoOrderCreated.Builder b = ProtoOrderCreated.newBuilder()
                    .setEventId(uuid(e.eventId()))
                    .setOccurredOnMicros(BinaryFields.micros(e.occurredOn()))
                    .setOrderId(uuid(e.orderId().value()))
                    .setCustomerId(e.customerId().value())
                    .setTotalAmount(money(e.totalAmount()));
            for (ProductId item : e.items()) {
                b.addItems(item.value());
            }
            return b.build().toByteArray();
        }
        if (event instanceof OrderInventoryReservationRequested e) {
            ProtoOrderInventoryReservationRequested.Builder b = ProtoOrderInventoryReservationRequested.newBuilder()
                    .setEventId(uuid(e.eventId()))
                    .setOccurredOnMicros(BinaryFields.micros(e.occurredOn()))
                    .setOrderId(uuid(e.orderId().value()))
                    .setCustomerId(e.customerId().value());
            for (OrderItem item : e.items()) {
                b.addItems(ProtoOrderItem.newBuilder()
                        .setProductId(item.productId().value())
                        .setQuantity(item.quantity())
                        .setPrice(money(item.price())));
            }
            return b.build().toByteArray();
        }
        throw new UnsupportedEventException(name(), event.getClass().getSimpleName());
    }

    @Override
    public DomainEvent decode(String eventType, int schemaVersion, byte[] payload) {
        try {
            return switch (eventType) {
                case "PaymentFailed" -> {
                    ProtoPaymentFailed p = ProtoPaymentFailed.parseFrom(payload);
                    yield new PaymentFailed(uuid(p.getEventId()), BinaryFields.instant(p.getOccurredOnMicros()),
                            new PaymentId(uuid(p.getPaymentId())), new OrderId(uuid(p.getOrderId())),
                            money(p.getAmount()), p.getFailureReason(), p.getCanRetry());
                }
                case "OrderCreated" -> {
                    ProtoOrderCreated p = ProtoOrderCreated.parseFrom(payload);
                    List<ProductId> items = new ArrayList<>(p.getItemsCount());
                    for (int i = 0; i < p.getItemsCount(); i++) {
                        items.add(new ProductId(p.getItems(i)));
                    }
                    yield new OrderCreated(uuid(p.getEventId()), BinaryFields.instant(p.getOccurredOnMicros()),
                            new OrderId(uuid(p.getOrderId())), new CustomerId(p.getCustomerId()),
                            money(p.getTotalAmount()), items);
                }
                case "OrderInventoryReservationRequested" -> {
                    ProtoOrderInventoryReservationRequested p =
                            ProtoOrderInventoryReservationRequested.parseFrom(payload);
                    List<OrderItem> items = new ArrayList<>(p.getItemsCount());
                    for (ProtoOrderItem item : p.getItemsList()) {
                        items.add(new OrderItem(new ProductId(item.getProductId()), item.getQuantity(),
                                money(item.getPrice())));
                    }
                    yield new OrderInventoryReservationRequested(uuid(p.getEventId()),
                            BinaryFields.instant(p.getOccurredOnMicros()), new OrderId(uuid(p.getOrderId())),
                            new CustomerId(p.getCustomerId()), items);
                }
                default -> throw new UnsupportedEventException(name(), eventType);
            };
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("cannot decode " + eventType + ": " + e.getMessage(), e);
        }
    }

    private static ByteString uuid(UUID value) {
        return ByteString.copyFrom(BinaryFields.uuid(value));
    }

    private static UUID uuid(ByteString value) {
        return BinaryFields.uuid(value.toByteArray());
    }

    private static ProtoMoney money(Money m) {
        return ProtoMoney.newBuilder()
                .setUnscaled(ByteString.copyFrom(BinaryFields.unscaled(m.amount())))
                .setScale(m.amount().scale())
                .setCurrency(m.currency().getCurrencyCode())
                .build();
    }

    private static Money money(ProtoMoney p) {
        return new Money(BinaryFields.decimal(p.getUnscaled().toByteArray(), p.getScale()),
                Currency.getInstance(p.getCurrency()));
    }
}
