package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/** A customer's membership level went up. */
public record MembershipLevelUpgraded(UUID eventId, Instant occurredOn, CustomerId customerId,
                                      MembershipLevel oldLevel, MembershipLevel newLevel) implements CustomerEvent {

    public MembershipLevelUpgraded {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(customerId, "customerId");
        Require.nonNull(oldLevel, "oldLevel");
        Require.nonNull(newLevel, "newLevel");
    }
}
