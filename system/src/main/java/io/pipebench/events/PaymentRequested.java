package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/** A payment was sent to the payment provider. */
public record PaymentRequested(UUID eventId, Instant occurredOn, PaymentId paymentId, OrderId orderId, Money amount)
        implements PaymentEvent {

    public PaymentRequested {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(paymentId, "paymentId");
        Require.nonNull(orderId, "orderId");
        Require.nonNull(amount, "amount");
    }
}
