package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/** A customer removed a delivery address. */
public record DeliveryAddressRemoved(UUID eventId, Instant occurredOn, CustomerId customerId, Address removedAddress,
                                     int remainingAddressCount) implements CustomerEvent {

    public DeliveryAddressRemoved {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(customerId, "customerId");
        Require.nonNull(removedAddress, "removedAddress");
        Require.nonNegative(remainingAddressCount, "remainingAddressCount");
    }
}
