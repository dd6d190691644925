package io.pipebench.benchmarks.store;

import io.pipebench.store.Database;
import io.pipebench.store.EventStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;

/**
 * The two event tables a write can go to. Constant names are the names in the results.
 * <ul>
 *   <li>{@code lean}: the reference system's table, made by its own migrations (db/migration): primary key, unique
 *       event id, unique (aggregate type, id, version), and the two read indexes of V3 and V4.</li>
 *   <li>{@code document}: the design document's {@code event_store}, with its primary key, unique event id and its
 *       five secondary indexes, as written there (it ran unchanged on PostgreSQL 15).</li>
 * </ul>
 */
public enum Layout {

    lean("events", List.of(
            new Column("event_id", "uuid", Row::eventId),
            new Column("aggregate_type", "text", Row::aggregateType),
            new Column("aggregate_id", "text", Row::aggregateId),
            new Column("event_version", "int8", Row::version),
            new Column("event_type", "text", Row::eventType),
            new Column("schema_version", "int4", row -> 1),
            new Column("data", "jsonb", Row::json),
            new Column("metadata", "jsonb", row -> null),
            new Column("occurred_on", "timestamptz", row -> OffsetDateTime.ofInstant(row.occurredOn(), ZoneOffset.UTC))
    )),

    document("event_store", List.of(
            new Column("event_id", "uuid", Row::eventId),
            new Column("event_type", "varchar", Row::eventType),
            new Column("aggregate_id", "varchar", Row::aggregateId),
            new Column("aggregate_type", "varchar", Row::aggregateType),
            new Column("event_data", "jsonb", Row::json),
            new Column("event_version", "int8", Row::version),
            // The document binds Timestamp.from(instant) into "timestamp without time zone": UTC wall-clock time.
            new Column("occurred_on", "timestamp", row -> LocalDateTime.ofInstant(row.occurredOn(), ZoneOffset.UTC))
    ));

    /** One column: its name, its PostgreSQL type, and its value in a row as a JDBC object (null for SQL NULL). */
    record Column(String name, String sqlType, Function<Row, Object> value) {
    }

    /** The document's "Event Store Schema", verbatim but for the schema prefix. */
    private static final String DOCUMENT_DDL = """
            CREATE TABLE %1$s.event_store (
                id BIGSERIAL PRIMARY KEY,
                event_id UUID NOT NULL UNIQUE,
                event_type VARCHAR(255) NOT NULL,
                aggregate_id VARCHAR(255) NOT NULL,
                aggregate_type VARCHAR(255) NOT NULL,
                event_data JSONB NOT NULL,
                event_version BIGINT NOT NULL,
                occurred_on TIMESTAMP NOT NULL,
                created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
            );
            CREATE INDEX idx_event_store_aggregate_id ON %1$s.event_store(aggregate_id);
            CREATE INDEX idx_event_store_event_type ON %1$s.event_store(event_type);
            CREATE INDEX idx_event_store_occurred_on ON %1$s.event_store(occurred_on);
            CREATE INDEX idx_event_store_aggregate_type ON %1$s.event_store(aggregate_type);
            CREATE INDEX idx_event_store_aggregate_version ON %1$s.event_store(aggregate_id, event_version);
            """;

    private final String table;
    private final List<Column> columns;

    Layout(String table, List<Column> columns) {
        this.table = table;
        this.columns = columns;
    }

    String table() {
        return table;
    }

    List<Column> columns() {
        return columns;
    }

    /** Creates the table in the (new, empty) schema of {@code database}. */
    void create(Database database, Connection connection) throws SQLException {
        String schema = database.settings().schema();
        if (this == lean) {
            new EventStore(database).migrate(); // creates the schema too
            return;
        }
        try (Statement st = connection.createStatement()) {
            st.execute("create schema " + schema);
            st.execute(DOCUMENT_DDL.formatted(schema));
        }
    }
}
