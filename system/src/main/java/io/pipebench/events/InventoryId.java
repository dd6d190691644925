package io.pipebench.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.UUID;

/** Identity of an Inventory aggregate: a UUID, written in JSON as its plain string. */
public record InventoryId(@JsonValue UUID value) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public InventoryId {
        Require.nonNull(value, "inventoryId");
    }

    /** Parses the canonical UUID form, e.g. an aggregate id read from a Kafka key. */
    public static InventoryId parse(String value) {
        Require.nonBlank(value, "inventoryId");
        try {
            return new InventoryId(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("inventoryId must be a UUID, was '" + value + "'", e);
        }
    }
}
