package io.pipebench.publish;

import java.util.UUID;

/** Where an acknowledged event landed. */
public record PublishResult(UUID eventId, String topic, int partition, long offset, long timestampMs) {
}
