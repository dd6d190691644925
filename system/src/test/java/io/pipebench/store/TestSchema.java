package io.pipebench.store;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** A migrated event store in a schema of its own, dropped on close, so concurrent test runs never collide. */
final class TestSchema implements AutoCloseable {

    final Database database;
    final EventStore store;

    TestSchema() {
        this(true);
    }

    private TestSchema(boolean migrate) {
        String schema = "t_" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        database = Database.open(EventStoreSettings.fromEnvironment().withSchema(schema).withPoolSize(4));
        store = new EventStore(database);
        if (migrate) {
            store.migrate();
        }
    }

    /** A schema of its own with no migration applied yet (the test migrates it, e.g. to an older version first). */
    static TestSchema unmigrated() {
        return new TestSchema(false);
    }

    /** The first column of the first row of a query (schema-qualify names with {@link #schema()}). */
    Object scalar(String sql) throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    String schema() {
        return database.settings().schema();
    }

    int count(String sqlAfterFrom) throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("select count(*) from " + database.settings().schema() + "." + sqlAfterFrom)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static NewEvent event(String aggregateType, String aggregateId, String eventType, String dataJson) {
        return new NewEvent(UUID.randomUUID(), eventType, 1, aggregateType, aggregateId, dataJson, null,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    @Override
    public void close() throws Exception {
        try {
            database.dropSchema();
        } finally {
            database.close();
        }
    }
}
