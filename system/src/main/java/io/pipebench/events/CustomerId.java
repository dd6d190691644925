package io.pipebench.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Identity of a Customer aggregate: any non-blank string (a UUID string by default). A plain string in JSON. */
public record CustomerId(@JsonValue String value) implements java.io.Serializable {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public CustomerId {
        Require.nonBlank(value, "customerId");
    }
}
