package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/** Stock keeping started for a product, with {@code initialQuantity} ({@code >= 0}) on hand. */
public record InventoryCreated(UUID eventId, Instant occurredOn, InventoryId inventoryId, ProductId productId,
                               String productName, int initialQuantity) implements InventoryEvent {

    public InventoryCreated {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(inventoryId, "inventoryId");
        Require.nonNull(productId, "productId");
        Require.nonBlank(productName, "productName");
        Require.nonNegative(initialQuantity, "initialQuantity");
    }
}
