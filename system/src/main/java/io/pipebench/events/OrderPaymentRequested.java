package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/** An order asks the payment context to collect {@code paymentAmount}. */
public record OrderPaymentRequested(UUID eventId, Instant occurredOn, OrderId orderId, CustomerId customerId,
                                    Money paymentAmount) implements OrderEvent {

    public OrderPaymentRequested {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(orderId, "orderId");
        Require.nonNull(customerId, "customerId");
        Require.nonNull(paymentAmount, "paymentAmount");
    }
}
