package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/** A payment for an order was created with its method. */
public record PaymentCreated(UUID eventId, Instant occurredOn, PaymentId paymentId, OrderId orderId, Money amount,
                             PaymentMethod paymentMethod) implements PaymentEvent {

    public PaymentCreated {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(paymentId, "paymentId");
        Require.nonNull(orderId, "orderId");
        Require.nonNull(amount, "amount");
        Require.nonNull(paymentMethod, "paymentMethod");
    }
}
