package io.pipebench.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The PostgreSQL event store: an append-only log of JSON events, one stream per aggregate, with optimistic
 * concurrency per stream, idempotent appends keyed by event id, and a global read that never skips a late commit.
 * It knows event types only as names and payloads only as JSON: callers encode and decode.
 * <p>
 * Every write is one call of a server-side function taking the batch as arrays: one round trip and one transaction
 * per batch. append_to_stream and append_batch are defined by the latest db/migration file that re-creates them (V14
 * and V13; V8's append_batch was replaced by V9's, V9's by V13's); both lock streams through stream_lock_key (V10).
 * SQL names are qualified with the schema from {@link EventStoreSettings}, which is validated as a plain identifier
 * there; values are always bound as parameters.
 */
public final class EventStore {

    /** The largest page a read returns. */
    public static final int MAX_READ_LIMIT = 10_000;

    private static final String COLUMNS = "global_position, event_id, aggregate_type, aggregate_id, event_version, "
            + "event_type, schema_version, data::text, metadata::text, occurred_on, recorded_at";

    private final Database database;
    private final EventStoreSettings settings;
    private final String appendToStream;
    private final String appendBatch;
    private final String readStream;
    private final String readByType;
    private final String readAll;
    private final String currentVersion;
    private final GlobalReadGuard readAllGuard;

    public EventStore(Database database) {
        Require.notNull(database, "database", "open one with Database.open(EventStoreSettings.fromEnvironment())");
        this.database = database;
        this.settings = database.settings();
        String s = settings.schema() + ".";
        String json = EventArrays.JSON_PARAMETER;
        this.appendToStream = "select outcome, version_now, offending_ids from " + s
                + "append_to_stream(?, ?, ?, ?, ?, ?, " + json + ", " + json + ", ?)";
        this.appendBatch = "select stream_type, stream_id, appended, last_version from " + s
                + "append_batch(?, ?, ?, ?, ?, " + json + ", " + json + ", ?)";
        this.readStream = "select " + COLUMNS + " from " + s + "events"
                + " where aggregate_type = ? and aggregate_id = ? and event_version between ? and ?"
                + " order by event_version";
        this.readByType = "select " + COLUMNS + " from " + s + "events"
                + " where event_type = ? and global_position > ? order by global_position limit ?";
        this.readAll = "select " + COLUMNS + ", transaction_id::text from " + s + "events"
                + " where (transaction_id, global_position) > (cast(? as text)::xid8, ?)"
                + " and transaction_id < pg_snapshot_xmin(pg_current_snapshot())"
                + " order by transaction_id, global_position limit ?";
        this.currentVersion = "select " + s + "stream_version(?, ?)";
        this.readAllGuard = new GlobalReadGuard(settings.schema(), GlobalReadGuard.DEFAULT_WARN_AFTER,
                System::nanoTime);
    }

    /** Creates the schema if missing and applies db/migration with Flyway; returns how many migrations ran. */
    public int migrate() {
        try {
            try (Connection c = database.dataSource().getConnection()) {
                EditedMigrations.realign(c, settings.schema());
            }
            return flyway().load().migrate().migrationsExecuted;
        } catch (FlywayException e) {
            throw new EventStoreException("Migrating the event store schema '" + settings.schema() + "' failed: "
                    + e.getMessage(), e);
        } catch (SQLException e) {
            throw SqlFailures.translate("Migrating the event store schema '" + settings.schema() + "'", e, settings);
        }
    }

    /**
     * The store's Flyway settings. Flyway validates applied migrations' checksums before migrating, so an applied
     * db/migration file is never edited: a change is a new migration. The one exception, a comment, is listed in
     * {@link EditedMigrations} with the checksum stores recorded before it.
     */
    FluentConfiguration flyway() {
        return Flyway.configure()
                .dataSource(database.dataSource())
                .schemas(settings.schema())
                .defaultSchema(settings.schema())
                .createSchemas(true)
                .locations("classpath:db/migration");
    }

    /**
     * Appends a batch to one stream, under optimistic concurrency.
     * <p>
     * Concurrency rule: {@code expectedVersion} is the stream version the writer decided on (0 = the stream must not
     * exist yet). The batch is written at versions {@code expectedVersion+1 ..} only if the stream is still at
     * {@code expectedVersion}; otherwise nothing is written and a {@link ConcurrencyException} reports the actual
     * version. The check and the insert run under a per-stream lock in one transaction (append_to_stream), and
     * UNIQUE (aggregate_type, aggregate_id, event_version) backs it up.
     * <p>
     * Idempotency: re-sending a batch that was stored before (same ids, types and payloads at the same versions of
     * this stream) writes nothing and returns {@code alreadyStored = true}. A batch mixing stored and new ids, or
     * resending stored events at other versions, throws {@link DuplicateEventException} naming them. A stored id
     * arriving for another stream or with another payload throws {@link ConflictingEventException}.
     */
    public AppendResult append(String aggregateType, String aggregateId, long expectedVersion, List<NewEvent> events) {
        StreamId stream = new StreamId(aggregateType, aggregateId);
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must be >= 0 (0 = new stream), was " + expectedVersion);
        }
        if (events == null || events.isEmpty()) {
            throw new IllegalArgumentException("events is empty: append at least one event to " + stream);
        }
        Set<UUID> ids = new HashSet<>();
        for (NewEvent e : events) {
            if (!e.stream().equals(stream)) {
                throw new IllegalArgumentException("event " + e.eventId() + " belongs to " + e.stream()
                        + ", not to " + stream + ": append it to its own stream, or use appendAll");
            }
            if (!ids.add(e.eventId())) {
                throw new IllegalArgumentException("eventId " + e.eventId() + " appears twice in one append to " + stream);
            }
        }
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement(appendToStream)) {
            st.setString(1, aggregateType);
            st.setString(2, aggregateId);
            st.setLong(3, expectedVersion);
            new EventArrays(events).bind(c, st, 4);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                String outcome = rs.getString(1);
                long version = rs.getLong(2);
                List<UUID> offending = uuids(rs.getArray(3));
                long first = expectedVersion + 1;
                return switch (outcome) {
                    case "appended" -> new AppendResult(stream, first, version, false);
                    case "duplicate" -> new AppendResult(stream, first, version, true);
                    case "conflict" -> throw new ConcurrencyException(stream, expectedVersion, version);
                    case "partially_stored" -> throw new DuplicateEventException("Append to " + stream
                            + " mixes new events with events already stored; a retry must resend the earlier batch "
                            + "unchanged. Already stored", offending);
                    case "stored_elsewhere" -> throw new DuplicateEventException("Append to " + stream + " at version "
                            + first + " resends events stored at other versions", offending);
                    default -> throw new EventStoreException("append_to_stream returned unknown outcome " + outcome);
                };
            }
        } catch (SQLException e) {
            ConflictingEventException.from("append to " + stream, e).ifPresent(conflict -> {
                throw conflict;
            });
            if (SqlFailures.UNIQUE_VIOLATION.equals(e.getSQLState()) && String.valueOf(e.getMessage())
                    .contains("events_stream_version_key")) {
                // Only reachable when something wrote to the stream without its lock: still the same conflict.
                throw new ConcurrencyException(stream, expectedVersion, currentVersion(aggregateType, aggregateId));
            }
            throw SqlFailures.translate("append to " + stream, e, settings);
        }
    }

    /**
     * Appends events of many streams in list order, in one transaction and one round trip; each stream's events get
     * its next versions in list order. Ids already stored, or repeated in the list, are skipped and counted when they
     * are the same event (same stream, type, schema version and payload); an id arriving as a different event throws
     * {@link ConflictingEventException} and nothing of the batch is written.
     * Concurrent batches touching the same stream serialise on per-stream locks taken in sorted order (see
     * append_batch): versions stay 1..n without gaps or duplicates, and no two batches deadlock.
     */
    public BatchAppendResult appendAll(List<NewEvent> events) {
        if (events == null || events.isEmpty()) {
            return BatchAppendResult.EMPTY;
        }
        try (Connection c = database.dataSource().getConnection()) {
            return appendAll(c, events);
        } catch (SQLException e) {
            throw SqlFailures.translate("appendAll of " + events.size() + " events", e, settings);
        }
    }

    /**
     * {@link #appendAll(List)} inside the caller's transaction: runs on {@code connection} and neither commits nor
     * closes it. The transaction must be READ COMMITTED (PostgreSQL's default); the per-stream locks are held until
     * the caller commits or rolls back.
     */
    public BatchAppendResult appendAll(Connection connection, List<NewEvent> events) {
        Require.notNull(connection, "connection", "pass an open connection, or call appendAll(events)");
        if (events == null || events.isEmpty()) {
            return BatchAppendResult.EMPTY;
        }
        int n = events.size();
        String[] types = new String[n];
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            types[i] = events.get(i).aggregateType();
            ids[i] = events.get(i).aggregateId();
        }
        try (PreparedStatement st = connection.prepareStatement(appendBatch)) {
            st.setArray(1, EventArrays.array(connection, "text", types));
            st.setArray(2, EventArrays.array(connection, "text", ids));
            new EventArrays(events).bind(connection, st, 3);
            Map<StreamId, Long> versions = new LinkedHashMap<>();
            int appended = 0;
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    versions.put(new StreamId(rs.getString(1), rs.getString(2)), rs.getLong(4));
                    appended += rs.getInt(3);
                }
            }
            return new BatchAppendResult(appended, n - appended, versions);
        } catch (SQLException e) {
            ConflictingEventException.from("appendAll of " + n + " events", e).ifPresent(conflict -> {
                throw conflict;
            });
            if ("25000".equals(e.getSQLState())) {
                throw new IllegalStateException("appendAll needs a READ COMMITTED transaction: " + e.getMessage(), e);
            }
            throw SqlFailures.translate("appendAll of " + n + " events", e, settings);
        }
    }

    /** The events of one stream from {@code fromVersion} (1 = all) on, in version order. */
    public List<StoredEvent> readStream(String aggregateType, String aggregateId, long fromVersion) {
        return readStream(aggregateType, aggregateId, fromVersion, Long.MAX_VALUE);
    }

    /** The events of one stream with {@code fromVersion <= version <= toVersion}, in version order. */
    List<StoredEvent> readStream(String aggregateType, String aggregateId, long fromVersion, long toVersion) {
        StreamId stream = new StreamId(aggregateType, aggregateId);
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement(readStream)) {
            st.setString(1, aggregateType);
            st.setString(2, aggregateId);
            st.setLong(3, fromVersion);
            st.setLong(4, toVersion);
            List<StoredEvent> events = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    events.add(storedEvent(rs));
                }
            }
            return events;
        } catch (SQLException e) {
            throw SqlFailures.translate("readStream " + stream, e, settings);
        }
    }

    /**
     * Up to {@code limit} events of one type after a global position, in position order: for history queries.
     * Not for tailing the log: a transaction that commits late can add an event behind a position already returned.
     * Tail with {@link #readAll}.
     */
    public List<StoredEvent> readByType(String eventType, long afterPosition, int limit) {
        Require.notBlank(eventType, "eventType");
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement(readByType)) {
            st.setString(1, eventType);
            st.setLong(2, afterPosition);
            st.setInt(3, Require.limit(limit));
            List<StoredEvent> events = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    events.add(storedEvent(rs));
                }
            }
            return events;
        } catch (SQLException e) {
            throw SqlFailures.translate("readByType " + eventType, e, settings);
        }
    }

    /**
     * The next page of the whole log after {@code after}, safe against gaps.
     * <p>
     * Why not "global_position > last": positions are taken at insert, visibility comes at commit. If A takes
     * position 10 and B position 11, and B commits first, a reader at 11 would never see 10. Instead each row
     * records its inserting transaction (xid8), and the read returns only rows of transactions older than the
     * oldest one still running ({@code pg_snapshot_xmin(pg_current_snapshot())}): those are all finished, so no row
     * can still appear among them. Rows come in (transaction, position) order and the cursor holds both, so every
     * transaction that becomes readable later has a larger xid than anything already read and sorts after the
     * cursor. The price: the read waits behind the oldest open writing transaction, of any client of this server.
     * <p>
     * A short page (the tail of the log) also checks for the two silent stalls ({@link GlobalReadGuard}): it throws
     * when stored transaction ids or the cursor are ahead of the server's (a restored database), and logs a warning
     * naming the open transaction when committed events have waited behind it for 30 s.
     */
    public GlobalPage readAll(GlobalCursor after, int limit) {
        Require.notNull(after, "after", "start from GlobalCursor.START");
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement(readAll)) {
            st.setString(1, Long.toString(after.transactionId()));
            st.setLong(2, after.globalPosition());
            st.setInt(3, Require.limit(limit));
            List<StoredEvent> events = new ArrayList<>();
            GlobalCursor next = after;
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    StoredEvent event = storedEvent(rs);
                    events.add(event);
                    next = new GlobalCursor(Long.parseLong(rs.getString(12)), event.globalPosition());
                }
            }
            if (events.size() < limit) {
                readAllGuard.check(c, after);
            }
            return new GlobalPage(events, next);
        } catch (SQLException e) {
            throw SqlFailures.translate("readAll after " + after, e, settings);
        }
    }

    /** The stream's current version: the version of its last event, 0 if it has none. */
    public long currentVersion(String aggregateType, String aggregateId) {
        StreamId stream = new StreamId(aggregateType, aggregateId);
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement st = c.prepareStatement(currentVersion)) {
            st.setString(1, aggregateType);
            st.setString(2, aggregateId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw SqlFailures.translate("currentVersion " + stream, e, settings);
        }
    }

    private static StoredEvent storedEvent(ResultSet rs) throws SQLException {
        return new StoredEvent(
                rs.getLong(1),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getString(4),
                rs.getLong(5),
                rs.getString(6),
                rs.getInt(7),
                rs.getString(8),
                rs.getString(9),
                rs.getObject(10, OffsetDateTime.class).toInstant(),
                rs.getObject(11, OffsetDateTime.class).toInstant());
    }

    private static List<UUID> uuids(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).map(UUID.class::cast).toList();
    }
}
