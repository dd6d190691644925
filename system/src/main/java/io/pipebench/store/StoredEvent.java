package io.pipebench.store;

import java.time.Instant;
import java.util.UUID;

/**
 * An event as the store holds it. {@code version} is its place in its aggregate's stream (1, 2, 3, ...);
 * {@code globalPosition} its place in the whole log. JSON comes back as PostgreSQL's jsonb renders it (keys
 * normalised, whitespace dropped), so compare parsed JSON, not strings.
 */
public record StoredEvent(long globalPosition, UUID eventId, String aggregateType, String aggregateId, long version,
                          String eventType, int schemaVersion, String dataJson, String metadataJson,
                          Instant occurredOn, Instant recordedAt) {
}
