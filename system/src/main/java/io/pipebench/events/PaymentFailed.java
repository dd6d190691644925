package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/** The provider refused a payment; {@code canRetry} says whether trying again may succeed. */
public record PaymentFailed(UUID eventId, Instant occurredOn, PaymentId paymentId, OrderId orderId, Money amount,
                            String failureReason, boolean canRetry) implements PaymentEvent, java.io.Serializable {

    public PaymentFailed {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(paymentId, "paymentId");
        Require.nonNull(orderId, "orderId");
        Require.nonNull(amount, "amount");
        Require.nonBlank(failureReason, "failureReason");
    }
}
