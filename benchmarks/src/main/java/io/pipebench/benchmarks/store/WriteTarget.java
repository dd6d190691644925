package io.pipebench.benchmarks.store;

import io.pipebench.store.Database;
import io.pipebench.store.EventStore;
import io.pipebench.store.EventStoreSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * One table in a schema of its own, and the connections that write to it: made on open, dropped
 * on close, or kept by {@link #disconnect()}. The schema name is given by the caller; everything else comes from
 * {@link EventStoreSettings#fromEnvironment()}.
 */
final class WriteTarget implements AutoCloseable {

    final Layout layout;
    final String schema;
    final Database database;
    final EventStore store;
    final SqlWrites writes;
    /** Auto-commit: one statement, one transaction. */
    final Connection autoCommit;
    /** Manual commit, pgjdbc's default batching (one round trip, N statements). */
    final Connection batch;
    /** Manual commit, {@code reWriteBatchedInserts=true} (batches rewritten into multi-row INSERTs). */
    final Connection rewrittenBatch;

    WriteTarget(Layout layout, String schema) throws SQLException {
        this.layout = layout;
        this.schema = schema;
        EventStoreSettings settings = EventStoreSettings.fromEnvironment().withSchema(schema).withPoolSize(2);
        this.database = Database.open(settings);
        try {
            this.autoCommit = connect(settings, false, true);
            this.batch = connect(settings, false, false);
            this.rewrittenBatch = connect(settings, true, false);
            layout.create(database, autoCommit);
        } catch (SQLException | RuntimeException e) {
            database.close();
            throw e;
        }
        this.store = new EventStore(database);
        this.writes = new SqlWrites(schema, layout);
    }

    void truncate() throws SQLException {
        try (Statement st = autoCommit.createStatement()) {
            st.execute("truncate table " + schema + "." + layout.table());
        }
    }

    long rowCount() throws SQLException {
        try (Statement st = autoCommit.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from " + schema + "." + layout.table())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Drops the schema and closes every connection. */
    @Override
    public void close() throws SQLException {
        try {
            database.dropSchema();
        } finally {
            disconnect();
        }
    }

    /** Closes every connection and keeps the schema (a prefilled one is made once, see {@link Prefill}). */
    void disconnect() throws SQLException {
        try {
            autoCommit.close();
            batch.close();
            rewrittenBatch.close();
        } finally {
            database.close();
        }
    }

    private static Connection connect(EventStoreSettings settings, boolean rewrite, boolean autoCommit)
            throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", settings.user());
        props.setProperty("password", settings.password());
        props.setProperty("reWriteBatchedInserts", Boolean.toString(rewrite));
        props.setProperty("ApplicationName", "pipebench-jmh");
        Connection connection = DriverManager.getConnection(settings.jdbcUrl(), props);
        connection.setAutoCommit(autoCommit);
        return connection;
    }
}
