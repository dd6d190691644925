package io.pipebench.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.UUID;

/** Identity of a Payment aggregate: a UUID, written in JSON as its plain string. */
public record PaymentId(@JsonValue UUID value) implements java.io.Serializable {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public PaymentId {
        Require.nonNull(value, "paymentId");
    }

    /** Parses the canonical UUID form, e.g. an aggregate id read from a Kafka key. */
    public static PaymentId parse(String value) {
        Require.nonBlank(value, "paymentId");
        try {
            return new PaymentId(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("paymentId must be a UUID, was '" + value + "'", e);
        }
    }
}
