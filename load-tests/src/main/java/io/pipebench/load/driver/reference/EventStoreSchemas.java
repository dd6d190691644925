package io.pipebench.load.driver.reference;

import io.pipebench.store.Database;
import io.pipebench.store.EventStoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/** A load run's own event-store schema goes with the run, so repeated load runs do not fill the database. */
final class EventStoreSchemas {

    private static final Logger log = LoggerFactory.getLogger(EventStoreSchemas.class);

    private EventStoreSchemas() {
    }

    /** The store in a schema of the run's own, dropped with the run. */
    static EventStoreSettings fresh(EventStoreSettings store) {
        return store.withSchema("load_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
    }

    static void drop(EventStoreSettings store) {
        Database.dropSchemaAfterRun(store).ifPresent(why ->
                log.warn("Could not drop the load run's event-store schema {}: {}", store.schema(), why));
    }
}
