package io.pipebench.load.driver.reference;

import io.pipebench.store.EventStoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A load run's own event-store schema goes with the run, so repeated load runs do not fill the database. */
final class EventStoreSchemas {

    private static final Logger log = LoggerFactory.getLogger(EventStoreSchemas.class);

    private EventStoreSchemas() {
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
