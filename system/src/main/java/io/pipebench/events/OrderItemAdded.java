package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/** A product line was added to an open order; {@code price} is the unit price. */
public record OrderItemAdded(UUID eventId, Instant occurredOn, OrderId orderId, ProductId productId, int quantity,
                             Money price) implements OrderEvent {

    public OrderItemAdded {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(orderId, "orderId");
        Require.nonNull(productId, "productId");
        Require.positive(quantity, "quantity");
        Require.nonNull(price, "price");
    }
}
