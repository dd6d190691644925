package io.pipebench.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Identity of a product (a SKU): any non-blank string, written in JSON as that string. */
public record ProductId(@JsonValue String value) implements java.io.Serializable {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ProductId {
        Require.nonBlank(value, "productId");
    }
}
