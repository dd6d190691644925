package io.pipebench.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An order was opened. {@code items} are the product ids it starts with, as the source system sends them; it may be
 * empty, since items can arrive later as {@link OrderItemAdded}.
 */
public record OrderCreated(UUID eventId, Instant occurredOn, OrderId orderId, CustomerId customerId,
                           Money totalAmount, List<ProductId> items)
        implements OrderEvent, java.io.Serializable {

    public OrderCreated {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(orderId, "orderId");
        Require.nonNull(customerId, "customerId");
        Require.nonNull(totalAmount, "totalAmount");
        items = Require.elements(items, "items", false);
    }
}
