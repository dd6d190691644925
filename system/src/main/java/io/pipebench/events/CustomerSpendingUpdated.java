package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A customer's total spending changed. {@code orderId} is required for {@link SpendingType#PURCHASE} and
 * {@link SpendingType#REFUND}, and may be null for an {@link SpendingType#ADJUSTMENT}, which has no order.
 */
public record CustomerSpendingUpdated(UUID eventId, Instant occurredOn, CustomerId customerId, Money spendingAmount,
                                      Money totalSpending, OrderId orderId, SpendingType spendingType)
        implements CustomerEvent {

    public CustomerSpendingUpdated {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(customerId, "customerId");
        Require.nonNull(spendingAmount, "spendingAmount");
        Require.nonNull(totalSpending, "totalSpending");
        Require.nonNull(spendingType, "spendingType");
        if (orderId == null && spendingType != SpendingType.ADJUSTMENT) {
            throw new NullPointerException("orderId is required for a " + spendingType
                    + " (only an ADJUSTMENT may have none)");
        }
    }
}
