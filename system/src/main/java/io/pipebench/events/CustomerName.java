package io.pipebench.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A customer's display name: non-blank, written in JSON as a plain string. */
public record CustomerName(@JsonValue String value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public CustomerName {
        Require.nonBlank(value, "customerName");
    }
}
