package io.pipebench.store;

import java.util.List;
import java.util.UUID;

/**
 * Some event ids of an append are already stored, but the append is not an exact replay of an earlier one (some ids
 * are new, or the stored ones sit at other versions of this stream). Nothing was written. A stored id arriving for
 * another stream or with another payload is a {@link ConflictingEventException} instead.
 */
public final class DuplicateEventException extends EventStoreException {

    private final List<UUID> eventIds;

    public DuplicateEventException(String message, List<UUID> eventIds) {
        super(message + ": " + eventIds);
        this.eventIds = List.copyOf(eventIds);
    }

    /** The ids that are already stored. */
    public List<UUID> eventIds() {
        return eventIds;
    }
}
