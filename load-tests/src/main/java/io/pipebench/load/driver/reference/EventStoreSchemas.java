package io.pipebench.load.driver.reference;

import io.pipebench.store.EventStoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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
        try (Connection c = DriverManager.getConnection(store.jdbcUrl(), store.user(), store.password());
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS \"" + store.schema() + "\" CASCADE");
        } catch (SQLException e) {
            log.warn("Could not drop the load run's event-store schema {}: {}", store.schema(), e.getMessage());
        }
    }
}
