package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/** A customer earned reward points ({@code > 0}); {@code totalPoints} is the balance afterwards. */
public record RewardPointsEarned(UUID eventId, Instant occurredOn, CustomerId customerId, int pointsEarned,
                                 int totalPoints, String reason) implements CustomerEvent {

    public RewardPointsEarned {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(customerId, "customerId");
        Require.positive(pointsEarned, "pointsEarned");
        Require.nonNegative(totalPoints, "totalPoints");
        Require.nonBlank(reason, "reason");
    }
}
