package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/** The provider accepted a payment; {@code transactionId} is its reference. */
public record PaymentCompleted(UUID eventId, Instant occurredOn, PaymentId paymentId, OrderId orderId, Money amount,
                               String transactionId) implements PaymentEvent {

    public PaymentCompleted {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(paymentId, "paymentId");
        Require.nonNull(orderId, "orderId");
        Require.nonNull(amount, "amount");
        Require.nonBlank(transactionId, "transactionId");
    }
}
