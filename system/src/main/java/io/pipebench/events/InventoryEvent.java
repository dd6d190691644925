package io.pipebench.events;

/** An event of the Inventory aggregate; its aggregate id is the inventory id. Topic {@code inventory-events}. */
public sealed interface InventoryEvent extends DomainEvent
        permits InventoryCreated, StockAdded, StockReserved {

    InventoryId inventoryId();

    @Override
    default String aggregateId() {
        return inventoryId().value().toString();
    }

    @Override
    default BoundedContext context() {
        return BoundedContext.INVENTORY;
    }
}
