package io.pipebench.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An order asks the inventory context to reserve its lines; {@code items} is never empty. */
public record OrderInventoryReservationRequested(UUID eventId, Instant occurredOn, OrderId orderId,
                                                 CustomerId customerId, List<OrderItem> items)
        implements OrderEvent, java.io.Serializable {

    public OrderInventoryReservationRequested {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(orderId, "orderId");
        Require.nonNull(customerId, "customerId");
        items = Require.elements(items, "items", true);
    }
}
