package io.pipebench.store;

import java.time.Instant;
import java.util.UUID;

/**
 * An event to append, already encoded by the caller: the store never sees domain classes, only the type name and
 * JSON. {@code metadataJson} may be null. {@code occurredOn} is stored at microsecond precision (PostgreSQL's).
 */
public record NewEvent(UUID eventId, String eventType, int schemaVersion, String aggregateType, String aggregateId,
                       String dataJson, String metadataJson, Instant occurredOn) {

    public NewEvent {
        Require.notNull(eventId, "eventId", "give every event a UUID; it is the idempotency key of appends");
        Require.notBlank(eventType, "eventType");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be >= 1 (was " + schemaVersion + ") for event " + eventId);
        }
        Require.notBlank(aggregateType, "aggregateType");
        Require.notBlank(aggregateId, "aggregateId");
        Require.notBlank(dataJson, "dataJson");
        Require.notNull(occurredOn, "occurredOn", "pass the instant the event happened");
    }

    StreamId stream() {
        return new StreamId(aggregateType, aggregateId);
    }
}
