package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/** A customer changed notification preferences; both the old and the new settings travel. */
public record NotificationPreferencesUpdated(UUID eventId, Instant occurredOn, CustomerId customerId,
                                             NotificationPreferences oldPreferences,
                                             NotificationPreferences newPreferences) implements CustomerEvent {

    public NotificationPreferencesUpdated {
        Require.nonNull(eventId, "eventId");
        occurredOn = Require.utcMicros(occurredOn, "occurredOn");
        Require.nonNull(customerId, "customerId");
        Require.nonNull(oldPreferences, "oldPreferences");
        Require.nonNull(newPreferences, "newPreferences");
    }
}
