package io.pipebench.benchmarks.store;

import io.pipebench.events.BoundedContext;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventFactory;
import io.pipebench.events.EventType;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.JsonEventCodec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference system's table already holding N realistic events, made once in a kept schema {@code jmh_growth_<N>}
 * and reused by later runs: a second run must not pay 10 million inserts again. The table comes from the system's
 * own migrations (Flyway), so its indexes and constraints are the real ones, and the rows are inserted through them
 * in SQL (INSERT ... SELECT over generate_series), so every index grows by the same random inserts production makes.
 * <p>
 * The rows: distinct aggregates of {@value #EVENTS_PER_AGGREGATE} events each (versions 1..4) in all four contexts,
 * distinct event ids, payloads drawn from {@value #POOL} real events encoded by the system's JSON codec, metadata
 * shaped like the audit consumer's, one commit per {@value #CHUNK} events (an audit poll's batch, so
 * transaction_id, which the gap-safe global read orders by, varies as it does in production). Ids are md5-derived
 * UUIDs, so a schema made again holds the same rows. Then VACUUM (ANALYZE), as autovacuum would in time.
 * <p>
 * A marker table says the schema is complete: how many events, the highest global position, the recipe and how
 * many migrations it was made under. A fill stopped before its marker resumes (each chunk is one transaction, so
 * a chunk is there whole or not at all); anything else (another count or recipe, a migration applied since) drops
 * the schema and makes it again. Rows a killed run left above the high water are deleted on open.
 */
final class Prefill {

    static final int EVENTS_PER_AGGREGATE = 4;
    static final int CHUNK = 1_000;
    static final int POOL = 1_024;
    /** Connections filling at once: the store's pool of two and the target's own. */
    static final int WORKERS = 3;
    /** Names what the rows are; change it with the recipe, so a schema of the old recipe is made again. */
    static final String RECIPE = "v1 4/aggregate 1024 real payloads 1000/commit md5 ids vacuum-analyze";

    /** A kept schema, open, and the global position of its last prefilled event. */
    record Kept(WriteTarget target, long highWater) {
    }

    private Prefill() {
    }

    static String schema(long events) {
        return "jmh_growth_" + events;
    }

    /** Opens the kept schema of {@code events} rows, making it (again) unless its marker says it is complete. */
    static Kept open(long events) throws SQLException {
        return open(schema(events), events);
    }

    /** {@link #open(long)} in the named schema (tests use schemas of their own). */
    static Kept open(String schema, long events) throws SQLException {
        if (events <= 0) {
            throw new IllegalArgumentException("a prefill needs at least one event, was " + events);
        }
        WriteTarget target = new WriteTarget(Layout.lean, schema); // migrates an existing schema, if any
        Optional<Long> highWater;
        try {
            highWater = completeHighWater(target, events);
        } catch (SQLException | RuntimeException e) {
            target.disconnect();
            throw e;
        }
        if (highWater.isPresent()) {
            discardAbove(target, highWater.get());
            return new Kept(target, highWater.get());
        }
        boolean resume;
        try {
            resume = resumable(target, events);
        } catch (SQLException | RuntimeException e) {
            target.disconnect();
            throw e;
        }
        if (!resume) {
            target.close(); // drops what another recipe, count or migration made
            target = new WriteTarget(Layout.lean, schema);
        }
        try {
            return new Kept(target, fill(target, events, resume));
        } catch (SQLException | RuntimeException e) {
            target.disconnect(); // no marker was written: the next open resumes or makes it again
            throw e;
        }
    }

    /** How many rows lie above {@code highWater}: what a run wrote since the prefill (an index range scan). */
    static long rowsAbove(WriteTarget target, long highWater) throws SQLException {
        try (PreparedStatement st = target.autoCommit.prepareStatement(
                "select count(*) from " + target.schema + ".events where global_position > ?")) {
            st.setLong(1, highWater);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Deletes what a run wrote above {@code highWater} and vacuums with index cleanup forced, so the next run finds
     * the table and its indexes as made, not strewn with dead entries (at 10M a pass over every index: tens of s).
     */
    static void discardAbove(WriteTarget target, long highWater) throws SQLException {
        try (PreparedStatement st = target.autoCommit.prepareStatement(
                "delete from " + target.schema + ".events where global_position > ?")) {
            st.setLong(1, highWater);
            if (st.executeUpdate() == 0) {
                return;
            }
        }
        try (Statement st = target.autoCommit.createStatement()) {
            st.execute("vacuum (index_cleanup on) " + target.schema + ".events");
        }
    }

    private static Optional<Long> completeHighWater(WriteTarget target, long events) throws SQLException {
        String s = target.schema;
        try (Statement st = target.autoCommit.createStatement()) {
            try (ResultSet rs = st.executeQuery("select to_regclass('" + s + ".prefill_marker') is not null")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    System.out.println("prefill " + s + ": no marker (never made, or not finished)");
                    return Optional.empty();
                }
            }
            long migrations = migrations(st, s);
            try (ResultSet rs = st.executeQuery(
                    "select events, high_water, recipe, migrations from " + s + ".prefill_marker")) {
                if (!rs.next()) {
                    System.out.println("prefill " + s + ": empty marker, making it again");
                    return Optional.empty();
                }
                if (rs.getLong(1) != events || !RECIPE.equals(rs.getString(3)) || rs.getLong(4) != migrations) {
                    System.out.println("prefill " + s + ": marker says " + rs.getLong(1) + " events, recipe '"
                            + rs.getString(3) + "', " + rs.getLong(4) + " migrations; wanted " + events + ", '"
                            + RECIPE + "', " + migrations);
                    return Optional.empty();
                }
                long highWater = rs.getLong(2);
                if (maxPositionUpTo(target, highWater) != highWater) {
                    System.out.println("prefill " + s + ": the marker's high water " + highWater
                            + " is not in the table, making it again");
                    return Optional.empty();
                }
                System.out.println("prefill " + s + ": complete (" + events + " events up to global position "
                        + highWater + "), kept");
                return Optional.of(highWater);
            }
        }
    }

    /** Whether an unfinished fill of the same recipe, count and migrations can go on: its chunks are atomic. */
    private static boolean resumable(WriteTarget target, long events) throws SQLException {
        String s = target.schema;
        try (Statement st = target.autoCommit.createStatement()) {
            try (ResultSet rs = st.executeQuery("select to_regclass('" + s + ".prefill_started') is not null"
                    + " and to_regclass('" + s + ".prefill_marker') is null")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return false; // never started, or finished under a marker that no longer matches
                }
            }
            long migrations = migrations(st, s);
            try (ResultSet rs = st.executeQuery(
                    "select events, recipe, migrations from " + s + ".prefill_started")) {
                boolean same = rs.next() && rs.getLong(1) == events && RECIPE.equals(rs.getString(2))
                        && rs.getLong(3) == migrations;
                System.out.println("prefill " + s + (same ? ": resuming an unfinished fill" : ": an unfinished fill"
                        + " of another recipe, count or migration set, making it again"));
                return same;
            }
        }
    }

    private static long maxPositionUpTo(WriteTarget target, long highWater) throws SQLException {
        try (PreparedStatement st = target.autoCommit.prepareStatement("select coalesce(max(global_position), -1)"
                + " from " + target.schema + ".events where global_position <= ?")) {
            st.setLong(1, highWater);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static boolean chunkDone(PreparedStatement check, long first) throws SQLException {
        check.setLong(1, first);
        try (ResultSet rs = check.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static long migrations(Statement st, String schema) throws SQLException {
        try (ResultSet rs = st.executeQuery(
                "select count(*) from " + schema + ".flyway_schema_history where success")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Fills the migrated schema (or, resuming, the chunks not yet in it) on {@value #WORKERS} connections at once,
     * as concurrent writers would; returns the high water.
     */
    private static long fill(WriteTarget target, long events, boolean resume) throws SQLException {
        String s = target.schema;
        Connection c = target.autoCommit;
        long start = System.nanoTime();
        if (!resume) {
            try (Statement st = c.createStatement()) {
                st.execute("create table " + s + ".prefill_pool (k int primary key, aggregate_type text not null,"
                        + " event_type text not null, topic text not null, data jsonb not null)");
                st.execute("create table " + s + ".prefill_started (events bigint not null, recipe text not null,"
                        + " migrations bigint not null)");
                st.execute("insert into " + s + ".prefill_started values (" + events + ", '" + RECIPE + "', "
                        + migrations(st, s) + ")");
            }
            writePool(c, s);
        }
        String insert = "insert into " + s + ".events (event_id, aggregate_type, aggregate_id, event_version,"
                + " event_type, schema_version, data, metadata, occurred_on, recorded_at)"
                + " select md5('event-' || g)::uuid, p.aggregate_type, a.id, g % 4 + 1, p.event_type, 1, p.data,"
                + " jsonb_build_object('correlationId', md5('correlation-' || (g / 4))::uuid, 'topic', p.topic,"
                + " 'partition', (g / 4) % 30, 'offset', g / 120, 'key', a.id),"
                + " timestamptz '2025-01-01 00:00:00+00' + g * interval '1 millisecond',"
                + " timestamptz '2025-01-01 00:00:00+00' + g * interval '1 millisecond' + interval '40 milliseconds'"
                + " from generate_series(?::bigint, ?::bigint) g"
                + " cross join lateral (select md5('aggregate-' || (g / 4))::uuid::text as id) a"
                + " join " + s + ".prefill_pool p on p.k = ((g / 4) % " + (POOL / EVENTS_PER_AGGREGATE) + ") * 4"
                + " + g % 4"
                + " order by g";
        String done = "select exists (select 1 from " + s + ".events where event_id = md5('event-' || ?)::uuid)";
        AtomicLong nextFirst = new AtomicLong();
        AtomicLong inserted = new AtomicLong();
        long reportEvery = Math.max(CHUNK, events / 10);
        List<Connection> connections = new ArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        try {
            connections.add(c);
            for (int i = 1; i < WORKERS; i++) {
                connections.add(target.database.dataSource().getConnection());
            }
            List<Future<?>> running = new ArrayList<>();
            for (Connection worker : connections) {
                running.add(workers.submit(() -> {
                    try (Statement st = worker.createStatement()) {
                        // A lost prefill on a crash costs a resume, not a wrong result: the marker is written last.
                        st.execute("set synchronous_commit = off");
                    }
                    try (PreparedStatement ins = worker.prepareStatement(insert);
                         PreparedStatement check = worker.prepareStatement(done)) {
                        for (long first = nextFirst.getAndAdd(CHUNK); first < events;
                             first = nextFirst.getAndAdd(CHUNK)) {
                            long last = Math.min(first + CHUNK, events) - 1;
                            if (resume && chunkDone(check, first)) {
                                continue;
                            }
                            ins.setLong(1, first);
                            ins.setLong(2, last);
                            if (ins.executeUpdate() != last - first + 1) {
                                throw new IllegalStateException("prefill " + s + ": a chunk of "
                                        + (last - first + 1) + " events inserted another count of rows");
                            }
                            long total = inserted.addAndGet(last - first + 1);
                            if (total / reportEvery != (total - (last - first + 1)) / reportEvery) {
                                System.out.printf("prefill %s: %d events inserted%s, %.0f s%n", s, total,
                                        resume ? " (resumed)" : "", (System.nanoTime() - start) / 1e9);
                            }
                        }
                    } finally {
                        try (Statement st = worker.createStatement()) {
                            st.execute("reset synchronous_commit");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : running) {
                worker.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("prefill " + s + " interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException("prefill " + s + " failed: " + e.getCause(), e.getCause());
        } finally {
            workers.shutdownNow();
            for (Connection worker : connections.subList(Math.min(1, connections.size()), connections.size())) {
                worker.close();
            }
        }
        long highWater;
        try (Statement st = c.createStatement()) {
            st.execute("vacuum (analyze) " + s + ".events");
            try (ResultSet rs = st.executeQuery("select count(*), max(global_position) from " + s + ".events")) {
                rs.next();
                if (rs.getLong(1) != events) {
                    throw new IllegalStateException("prefill " + s + " holds " + rs.getLong(1) + " rows, not "
                            + events);
                }
                highWater = rs.getLong(2);
            }
            long migrations = migrations(st, s);
            double seconds = (System.nanoTime() - start) / 1e9;
            st.execute("create table " + s + ".prefill_marker (events bigint not null, high_water bigint not null,"
                    + " recipe text not null, migrations bigint not null, seconds numeric not null,"
                    + " made_at timestamptz not null default now())");
            st.execute("insert into " + s + ".prefill_marker (events, high_water, recipe, migrations, seconds)"
                    + " values (" + events + ", " + highWater + ", '" + RECIPE + "', " + migrations + ", "
                    + Math.round(seconds) + ")");
            System.out.printf("prefill %s: %d events made in %.0f s (inserts, vacuum, analyze)%n", s, events,
                    seconds);
        }
        return highWater;
    }

    /** {@value #POOL} real events in blocks of 4 of one context: one block is one aggregate's four events. */
    private static void writePool(Connection c, String schema) throws SQLException {
        EventTypeRegistry registry = EventTypeRegistry.standard();
        EventFactory factory = new EventFactory(registry, 43,
                Clock.fixed(Instant.parse("2025-01-15T10:30:00.123456Z"), ZoneOffset.UTC));
        JsonEventCodec codec = new JsonEventCodec(registry);
        BoundedContext[] contexts = BoundedContext.values();
        try (PreparedStatement st = c.prepareStatement("insert into " + schema + ".prefill_pool"
                + " (k, aggregate_type, event_type, topic, data) values (?, ?, ?, ?, ?::jsonb)")) {
            for (int k = 0; k < POOL; k++) {
                int block = k / EVENTS_PER_AGGREGATE;
                BoundedContext context = contexts[block % contexts.length];
                List<EventType> types = registry.ofContext(context);
                EventType type = types.get((block / contexts.length + k) % types.size());
                DomainEvent event = factory.create(type.name());
                st.setInt(1, k);
                st.setString(2, event.aggregateType());
                st.setString(3, type.name());
                st.setString(4, context.aggregateType().toLowerCase(Locale.ROOT) + "-events");
                st.setString(5, new String(codec.encode(event), StandardCharsets.UTF_8));
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** Makes (or finds complete) the kept schemas named on the command line, e.g. {@code 1000000 10000000}. */
    public static void main(String[] args) throws SQLException {
        if (args.length == 0) {
            throw new IllegalArgumentException("name the prefill sizes, e.g. 1000000 10000000");
        }
        for (String arg : args) {
            long events = Long.parseLong(arg);
            if (events == 0) {
                continue; // the empty table is made per trial
            }
            open(events).target().disconnect();
        }
    }
}
