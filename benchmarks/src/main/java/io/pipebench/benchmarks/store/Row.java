package io.pipebench.benchmarks.store;

import java.time.Instant;
import java.util.UUID;

/** One event row to write, whatever the table: ids, version within its stream, the JSON payload, when it happened. */
record Row(UUID eventId, String eventType, String aggregateType, String aggregateId, long version, String json,
           Instant occurredOn) {
}
