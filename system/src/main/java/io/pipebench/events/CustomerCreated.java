package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/** A customer registered. */
public record CustomerCreated(UUID eventId, Instant occurredOn, CustomerId customerId, CustomerName customerName,
                              Email email, MembershipLevel membershipLevel) implements CustomerEvent {

    public CustomerCreated {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(customerId, "customerId");
        Require.nonNull(customerName, "customerName");
        Require.nonNull(email, "email");
        Require.nonNull(membershipLevel, "membershipLevel");
    }
}
