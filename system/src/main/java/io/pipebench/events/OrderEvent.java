package io.pipebench.events;

/** An event of the Order aggregate; its aggregate id is the order id. Topic {@code order-events}. */
public sealed interface OrderEvent extends DomainEvent
        permits OrderCreated, OrderItemAdded, OrderSubmitted, OrderConfirmed, OrderPaymentRequested,
        OrderInventoryReservationRequested {

    OrderId orderId();

    @Override
    default String aggregateId() {
        return orderId().value().toString();
    }

    @Override
    default BoundedContext context() {
        return BoundedContext.ORDER;
    }
}
