package io.pipebench.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * An event id arrived again as a different event: for another stream, or with another type, schema version or
 * payload. Not a redelivery, so it is not skipped; nothing of the append was written. Record-specific and
 * permanent: retrying the same record fails the same way, so a consumer dead-letters it with this message.
 * Raised by refuse_conflicting_events (db/migration V12) as a unique violation on events_event_id_key.
 */
public final class ConflictingEventException extends EventStoreException {

    private static final String CONSTRAINT = "events_event_id_key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UUID eventId;
    private final StreamId firstStream;
    private final StreamId arrivingStream;
    private final String difference;

    ConflictingEventException(String message, UUID eventId, StreamId firstStream, StreamId arrivingStream,
                              String difference, Throwable cause) {
        super(message, cause);
        this.eventId = eventId;
        this.firstStream = firstStream;
        this.arrivingStream = arrivingStream;
        this.difference = difference;
    }

    /** The conflict refuse_conflicting_events reported, if {@code e} is one; its JSON detail carries the fields. */
    static Optional<ConflictingEventException> from(String operation, SQLException e) {
        if (!SqlFailures.UNIQUE_VIOLATION.equals(e.getSQLState()) || !(e instanceof PSQLException psql)) {
            return Optional.empty();
        }
        ServerErrorMessage server = psql.getServerErrorMessage();
        if (server == null || !CONSTRAINT.equals(server.getConstraint()) || server.getDetail() == null
                || !server.getDetail().startsWith("{")) {
            return Optional.empty(); // a plain unique violation, not raised by refuse_conflicting_events
        }
        try {
            JsonNode d = JSON.readTree(server.getDetail());
            return Optional.of(new ConflictingEventException(operation + " refused: " + server.getMessage(),
                    UUID.fromString(d.path("eventId").asText()),
                    new StreamId(d.path("firstType").asText(), d.path("firstId").asText()),
                    new StreamId(d.path("arrivingType").asText(), d.path("arrivingId").asText()),
                    d.path("difference").asText(), e));
        } catch (Exception unreadable) {
            // The detail is written by our own migration; if it cannot be read, the message still says it all.
            e.addSuppressed(unreadable);
            return Optional.empty();
        }
    }

    /** The reused id. */
    public UUID eventId() {
        return eventId;
    }

    /** The stream the id was stored for (or first listed for, when it repeats within one batch). */
    public StreamId firstStream() {
        return firstStream;
    }

    /** The stream the conflicting event arrived for (the same as {@link #firstStream} when only its payload differs). */
    public StreamId arrivingStream() {
        return arrivingStream;
    }

    /** What differs: {@code stream differs}, {@code event type or schema version differs} or {@code payload differs}. */
    public String difference() {
        return difference;
    }
}
