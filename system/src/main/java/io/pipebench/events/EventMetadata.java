package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/**
 * What {@link EventHeaders#read} found in a record's headers. {@code eventType} and {@code schemaVersion} are always
 * there; every other field is null when its header was absent.
 */
public record EventMetadata(UUID eventId, String eventType, int schemaVersion, String aggregateType,
                            Instant occurredOn, UUID correlationId, UUID causationId, String contentType) {

    public EventMetadata {
        Require.nonBlank(eventType, "eventType");
        Require.positive(schemaVersion, "schemaVersion");
    }
}
