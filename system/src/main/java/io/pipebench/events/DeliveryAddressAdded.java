package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/** A customer added a delivery address; {@code totalAddressCount} counts it (so it is at least 1). */
public record DeliveryAddressAdded(UUID eventId, Instant occurredOn, CustomerId customerId, Address address,
                                   int totalAddressCount) implements CustomerEvent {

    public DeliveryAddressAdded {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(customerId, "customerId");
        Require.nonNull(address, "address");
        Require.positive(totalAddressCount, "totalAddressCount");
    }
}
