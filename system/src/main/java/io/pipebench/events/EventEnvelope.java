package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An event with what travels beside it: its registered type name and schema version, and the ids that tie a chain of
 * events together. {@code correlationId} is shared by every event of one business flow; {@code causationId} is the
 * event id of the event that directly caused this one (null for the first). These two exist only in the envelope and
 * the Kafka headers, never in the event's JSON.
 */
public record EventEnvelope(DomainEvent event, String eventType, int schemaVersion, UUID correlationId,
                            UUID causationId) {

    public EventEnvelope {
        Require.nonNull(event, "event");
        Require.nonBlank(eventType, "eventType");
        Require.positive(schemaVersion, "schemaVersion");
        Require.nonNull(correlationId, "correlationId");
    }

    /** The first event of a flow: typed by the registry at its current version, correlated with itself. */
    public static EventEnvelope of(DomainEvent event, EventTypeRegistry registry) {
        EventType type = registry.typeOf(event);
        return new EventEnvelope(event, type.name(), type.currentVersion(), event.eventId(), null);
    }

    /** This envelope continuing {@code cause}'s flow: same correlation id, caused by {@code cause}'s event. */
    public EventEnvelope causedBy(EventEnvelope cause) {
        Require.nonNull(cause, "cause");
        return new EventEnvelope(event, eventType, schemaVersion, cause.correlationId(), cause.eventId());
    }

    public UUID eventId() {
        return event.eventId();
    }

    public Instant occurredOn() {
        return event.occurredOn();
    }

    public String aggregateId() {
        return event.aggregateId();
    }

    public String aggregateType() {
        return event.aggregateType();
    }

    public BoundedContext context() {
        return event.context();
    }
}
