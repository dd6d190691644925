package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/** {@code quantity} ({@code > 0}) units were reserved for an order; {@code remainingQuantity} stay available. */
public record StockReserved(UUID eventId, Instant occurredOn, InventoryId inventoryId, ProductId productId,
                            ReservationId reservationId, OrderId orderId, int quantity, int remainingQuantity)
        implements InventoryEvent {

    public StockReserved {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(inventoryId, "inventoryId");
        Require.nonNull(productId, "productId");
        Require.nonNull(reservationId, "reservationId");
        Require.nonNull(orderId, "orderId");
        Require.positive(quantity, "quantity");
        Require.nonNegative(remainingQuantity, "remainingQuantity");
    }
}
