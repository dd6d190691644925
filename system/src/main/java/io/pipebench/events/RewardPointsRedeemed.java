package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/** A customer redeemed reward points ({@code > 0}); {@code remainingPoints} is the balance afterwards. */
public record RewardPointsRedeemed(UUID eventId, Instant occurredOn, CustomerId customerId, int pointsRedeemed,
                                   int remainingPoints, String reason) implements CustomerEvent {

    public RewardPointsRedeemed {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(customerId, "customerId");
        Require.positive(pointsRedeemed, "pointsRedeemed");
        Require.nonNegative(remainingPoints, "remainingPoints");
        Require.nonBlank(reason, "reason");
    }
}
