package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/** A customer changed name, e-mail and phone (the source system always sends all three). */
public record CustomerProfileUpdated(UUID eventId, Instant occurredOn, CustomerId customerId, CustomerName newName,
                                     Email newEmail, Phone newPhone) implements CustomerEvent {

    public CustomerProfileUpdated {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(customerId, "customerId");
        Require.nonNull(newName, "newName");
        Require.nonNull(newEmail, "newEmail");
        Require.nonNull(newPhone, "newPhone");
    }
}
