package io.pipebench.load.driver;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/** The event store, asked after the run: which of these event ids does it hold? */
@FunctionalInterface
public interface StoredEvents {

    Set<UUID> present(Collection<UUID> eventIds);
}
