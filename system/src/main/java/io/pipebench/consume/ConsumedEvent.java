package io.pipebench.consume;

import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventMetadata;
import org.apache.kafka.common.header.Headers;

/** A decoded event with where it came from. {@code payload} is the record value as received (the codec's bytes). */
public record ConsumedEvent(DomainEvent event, EventMetadata metadata, String topic, int partition, long offset,
                            String key, long timestampMs, byte[] payload, Headers headers) {
}
