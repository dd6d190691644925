package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/** A customer account moved from one status to another, with a human-readable reason. */
public record CustomerStatusChanged(UUID eventId, Instant occurredOn, CustomerId customerId, CustomerStatus oldStatus,
                                    CustomerStatus newStatus, String reason) implements CustomerEvent {

    public CustomerStatusChanged {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(customerId, "customerId");
        Require.nonNull(oldStatus, "oldStatus");
        Require.nonNull(newStatus, "newStatus");
        Require.nonBlank(reason, "reason");
    }
}
