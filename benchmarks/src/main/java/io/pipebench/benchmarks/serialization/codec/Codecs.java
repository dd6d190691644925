package io.pipebench.benchmarks.serialization.codec;

import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventTypeRegistry;

/** Lookups every candidate needs. */
final class Codecs {

    private Codecs() {
    }

    /** The class registered under {@code eventType}; never a class named by the payload. */
    static Class<? extends DomainEvent> javaClass(EventTypeRegistry registry, String eventType) {
        return registry.find(eventType).orElseThrow(() -> new IllegalArgumentException(
                "unknown event type '" + eventType + "': not in the event type registry")).javaClass();
    }
}
