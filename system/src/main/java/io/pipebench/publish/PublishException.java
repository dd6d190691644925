package io.pipebench.publish;

import java.util.UUID;

/** A send that failed after the producer's retries; it reaches the caller and is counted, never dropped silently. */
public final class PublishException extends RuntimeException {

    private final UUID eventId;
    private final String topic;

    public PublishException(UUID eventId, String topic, String key, Throwable cause) {
        super("Publishing event " + eventId + " (key " + key + ") to " + topic + " failed: "
                + cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        this.eventId = eventId;
        this.topic = topic;
    }

    public UUID eventId() {
        return eventId;
    }

    public String topic() {
        return topic;
    }
}
