package io.pipebench.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * A batch of events as column arrays, bound as SQL array parameters: the whole batch travels in one call to a
 * server-side function (one round trip), however many events it holds.
 * <p>
 * The JSON columns travel as {@code text[]} and the statement casts them ({@link #JSON_PARAMETER}). pgjdbc sends a
 * {@code text[]} of Strings in binary, each element length-prefixed, whereas a {@code jsonb[]} goes as an array
 * literal: every character of every payload scanned and its quotes escaped on the client, then unescaped by the
 * server's array parser. createArrayOf, mostly for the two JSON arrays, was 23% of the audit consumer's thread at
 * 5,000 events/s (held/*063415Z/jfr-breakdown.txt in results/capacity). The cast parses
 * each element with the same jsonb input function, so what is stored and which input is refused do not change.
 */
final class EventArrays {

    private final UUID[] eventIds;
    private final String[] eventTypes;
    private final Integer[] schemaVersions;
    private final String[] data;
    private final String[] metadata;
    private final String[] occurredOn;

    EventArrays(List<NewEvent> events) {
        int n = events.size();
        eventIds = new UUID[n];
        eventTypes = new String[n];
        schemaVersions = new Integer[n];
        data = new String[n];
        metadata = new String[n];
        occurredOn = new String[n];
        for (int i = 0; i < n; i++) {
            NewEvent e = events.get(i);
            eventIds[i] = e.eventId();
            eventTypes[i] = e.eventType();
            schemaVersions[i] = e.schemaVersion();
            data[i] = e.dataJson();
            metadata[i] = e.metadataJson();
            // ISO-8601 in UTC, cut to PostgreSQL's microseconds here rather than rounded there.
            occurredOn[i] = e.occurredOn().truncatedTo(ChronoUnit.MICROS).toString();
        }
    }

    /** How the statement writes the two JSON parameters ({@code first+3}, {@code first+4} of {@link #bind}). */
    static final String JSON_PARAMETER = "?::jsonb[]";

    /** Binds the six event columns to parameters {@code first .. first+5}. */
    void bind(Connection connection, PreparedStatement statement, int first) throws SQLException {
        statement.setArray(first, array(connection, "uuid", eventIds));
        statement.setArray(first + 1, array(connection, "text", eventTypes));
        statement.setArray(first + 2, array(connection, "int4", schemaVersions));
        statement.setArray(first + 3, array(connection, "text", data));
        statement.setArray(first + 4, array(connection, "text", metadata));
        statement.setArray(first + 5, array(connection, "timestamptz", occurredOn));
    }

    static Array array(Connection connection, String type, Object[] values) throws SQLException {
        return connection.createArrayOf(type, values);
    }
}
