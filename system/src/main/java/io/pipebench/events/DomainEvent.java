package io.pipebench.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A domain event of one of the four contexts. Implementations are records whose {@code eventId} is created once,
 * when the event is, and travels unchanged through Kafka and into the event store (the idempotency key).
 */
public interface DomainEvent {

    UUID eventId();

    /** When it happened, in UTC. */
    Instant occurredOn();

    /** The id of the aggregate it belongs to; also the Kafka record key, so one aggregate stays in order. */
    String aggregateId();

    BoundedContext context();

    default String aggregateType() {
        return context().aggregateType();
    }
}
