package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/** An order was confirmed (paid and reserved). */
public record OrderConfirmed(UUID eventId, Instant occurredOn, OrderId orderId, CustomerId customerId,
                             Money totalAmount) implements OrderEvent {

    public OrderConfirmed {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(orderId, "orderId");
        Require.nonNull(customerId, "customerId");
        Require.nonNull(totalAmount, "totalAmount");
    }
}
