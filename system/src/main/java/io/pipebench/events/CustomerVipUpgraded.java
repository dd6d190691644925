package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/** A customer was promoted to VIP treatment. */
public record CustomerVipUpgraded(UUID eventId, Instant occurredOn, CustomerId customerId,
                                  MembershipLevel previousLevel, MembershipLevel newLevel) implements CustomerEvent {

    public CustomerVipUpgraded {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(customerId, "customerId");
        Require.nonNull(previousLevel, "previousLevel");
        Require.nonNull(newLevel, "newLevel");
    }
}
