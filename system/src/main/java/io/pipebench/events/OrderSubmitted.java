package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/** A customer submitted an order of {@code itemCount} ({@code > 0}) lines. */
public record OrderSubmitted(UUID eventId, Instant occurredOn, OrderId orderId, CustomerId customerId,
                             Money totalAmount, int itemCount) implements OrderEvent {

    public OrderSubmitted {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(orderId, "orderId");
        Require.nonNull(customerId, "customerId");
        Require.nonNull(totalAmount, "totalAmount");
        Require.positive(itemCount, "itemCount");
    }
}
