package io.pipebench.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.UUID;

/** Identity of an Order aggregate: a UUID, written in JSON as its plain string. */
public record OrderId(@JsonValue UUID value) implements java.io.Serializable {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public OrderId {
        Require.nonNull(value, "orderId");
    }

    /** Parses the canonical UUID form, e.g. an aggregate id read from a Kafka key. */
    public static OrderId parse(String value) {
        Require.nonBlank(value, "orderId");
        try {
            return new OrderId(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("orderId must be a UUID, was '" + value + "'", e);
        }
    }
}
