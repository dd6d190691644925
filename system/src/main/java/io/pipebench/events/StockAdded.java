package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/** Stock arrived: {@code addedQuantity} ({@code > 0}) units, {@code newTotalQuantity} on hand afterwards. */
public record StockAdded(UUID eventId, Instant occurredOn, InventoryId inventoryId, ProductId productId,
                         int addedQuantity, int newTotalQuantity) implements InventoryEvent {

    public StockAdded {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(inventoryId, "inventoryId");
        Require.nonNull(productId, "productId");
        Require.positive(addedQuantity, "addedQuantity");
        Require.nonNegative(newTotalQuantity, "newTotalQuantity");
    }
}
