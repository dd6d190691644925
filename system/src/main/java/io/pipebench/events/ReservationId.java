package io.pipebench.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.UUID;

/** Identity of a stock reservation: a UUID, written in JSON as its plain string. */
public record ReservationId(@JsonValue UUID value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ReservationId {
        Require.nonNull(value, "reservationId");
    }

    /** Parses the canonical UUID form, e.g. an aggregate id read from a Kafka key. */
    public static ReservationId parse(String value) {
        Require.nonBlank(value, "reservationId");
        try {
            return new ReservationId(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("reservationId must be a UUID, was '" + value + "'", e);
        }
    }
}
