package io.pipebench.benchmarks.store;

import io.pipebench.store.NewEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Why an append costs more in a bigger table, for {@link EventStoreGrowthBenchmark}'s sizes: the table's and each
 * index's size next to shared_buffers; what one probe of the append costs (EXPLAIN ANALYZE of the event-id lookup,
 * of stream_version and of acquire_stream_lock, fresh keys, median of {@value #PROBES}: the buffers it touches are
 * the index's depth); and the blocks each relation gives per event to the real EventStore.append and appendAll
 * (pg_statio deltas around {@value #APPENDS} appends and {@value #BATCHES} batches of 100), split into hits in
 * shared buffers and reads from outside them.
 * <p>
 * How it could lie: pg_statio counts every backend's use of these relations (only this run writes them, but
 * autovacuum may read them); a "read" is a miss in PostgreSQL's buffers that the OS page cache may still serve;
 * EXPLAIN ANALYZE times one execution with its own instrumentation overhead, so read the times as ratios between
 * sizes, the buffer counts as exact.
 */
final class GrowthCause {

    static final int PROBES = 200;
    static final int APPENDS = 200;
    static final int BATCHES = 20;

    private GrowthCause() {
    }

    /** Prints the report for every size on the command line, e.g. {@code 0 1000000 10000000}. */
    public static void main(String[] args) throws SQLException {
        if (args.length == 0) {
            throw new IllegalArgumentException("name the sizes, e.g. 0 1000000 10000000");
        }
        for (String arg : args) {
            report(Long.parseLong(arg));
        }
    }

    private static void report(long events) throws SQLException {
        WriteTarget target;
        long highWater = 0;
        if (events == 0) {
            target = new WriteTarget(Layout.lean,
                    "jmh_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
        } else {
            Prefill.Kept kept = Prefill.open(events);
            target = kept.target();
            highWater = kept.highWater();
        }
        System.out.println();
        System.out.println("== " + events + " events (schema " + target.schema + ")");
        try {
            sizes(target);
            probes(target);
            blocksPerEvent(target);
        } finally {
            if (events == 0) {
                target.close();
            } else {
                try {
                    Prefill.discardAbove(target, highWater);
                } finally {
                    target.disconnect();
                }
            }
        }
    }

    private static void sizes(WriteTarget target) throws SQLException {
        try (Statement st = target.autoCommit.createStatement();
             ResultSet rs = st.executeQuery("select c.relname, pg_relation_size(c.oid) / 1048576.0,"
                     + " current_setting('shared_buffers')"
                     + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                     + " where n.nspname = '" + target.schema + "'"
                     + " and (c.relname = 'events' or c.oid in (select indexrelid from pg_index"
                     + " where indrelid = '" + target.schema + ".events'::regclass)) order by 1")) {
            while (rs.next()) {
                System.out.printf("size  %-36s %9.1f MB   (shared_buffers %s)%n", rs.getString(1), rs.getDouble(2),
                        rs.getString(3));
            }
        }
    }

    /** One probe each of what the append does before its insert, on keys that are not stored (new streams). */
    private static void probes(WriteTarget target) throws SQLException {
        String s = target.schema;
        Connection c = target.batch; // manual commit: the lock is released by the rollback below
        Map<String, String> probes = new LinkedHashMap<>();
        probes.put("event id lookup (events_event_id_key)", "select 1 from " + s + ".events where event_id = ?::uuid");
        probes.put("stream_version (events_stream_version_key)", "select " + s + ".stream_version('Order', ?)");
        probes.put("acquire_stream_lock (hash + advisory lock)", "select " + s + ".acquire_stream_lock('Order', ?)");
        for (Map.Entry<String, String> probe : probes.entrySet()) {
            double[] micros = new double[PROBES];
            long hit = 0;
            long read = 0;
            try (PreparedStatement st = c.prepareStatement(
                    "explain (analyze, buffers, format json) " + probe.getValue())) {
                for (int i = 0; i < PROBES; i++) {
                    st.setString(1, UUID.randomUUID().toString());
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        String plan = rs.getString(1);
                        micros[i] = number(plan, "Execution Time") * 1000;
                        hit += (long) number(plan, "Shared Hit Blocks");
                        read += (long) number(plan, "Shared Read Blocks");
                    }
                    c.rollback();
                }
            }
            Arrays.sort(micros);
            System.out.printf("probe %-44s median %7.1f µs  p90 %7.1f µs  buffers hit %5.2f read %5.2f per call%n",
                    probe.getKey(), micros[PROBES / 2], micros[PROBES * 9 / 10], (double) hit / PROBES,
                    (double) read / PROBES);
        }
    }

    /** Blocks per event by relation for the store's two write paths, from pg_statio before and after. */
    private static void blocksPerEvent(WriteTarget target) throws SQLException {
        RowSource source = new RowSource(System.nanoTime());
        Map<String, long[]> before = blocks(target);
        for (int i = 0; i < APPENDS; i++) {
            NewEvent event = StoreWriteState.newEvents(source.next(1, Shape.eventPerAggregate)).get(0);
            target.store.append(event.aggregateType(), event.aggregateId(), 0, List.of(event));
        }
        Map<String, long[]> afterAppends = blocks(target);
        print("append (1 event)", before, afterAppends, APPENDS);
        for (int i = 0; i < BATCHES; i++) {
            target.store.appendAll(StoreWriteState.newEvents(source.next(100, Shape.eventPerAggregate)));
        }
        print("appendAll (batch 100)", afterAppends, blocks(target), BATCHES * 100);
    }

    private static void print(String what, Map<String, long[]> before, Map<String, long[]> after, int events) {
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            System.out.printf("blocks %-22s %-36s hit %6.2f  read %6.2f per event%n", what, e.getKey(),
                    (double) (e.getValue()[0] - b[0]) / events, (double) (e.getValue()[1] - b[1]) / events);
        }
    }

    /** Hits and reads so far by relation (the heap as "events (heap)"), after every store backend flushed its stats. */
    private static Map<String, long[]> blocks(WriteTarget target) throws SQLException {
        List<Connection> pool = new ArrayList<>();
        try {
            for (int i = 0; i < target.database.settings().maxPoolSize(); i++) {
                pool.add(target.database.dataSource().getConnection()); // held at once: every backend of the pool
            }
            for (Connection c : pool) {
                try (Statement st = c.createStatement()) {
                    st.execute("select pg_stat_force_next_flush()"); // flushed before the call returns
                }
            }
        } finally {
            for (Connection c : pool) {
                c.close();
            }
        }
        Map<String, long[]> blocks = new LinkedHashMap<>();
        try (Statement st = target.autoCommit.createStatement()) {
            st.execute("select pg_stat_force_next_flush()");
            st.execute("select pg_stat_clear_snapshot()");
            try (ResultSet rs = st.executeQuery("select 'events (heap)', heap_blks_hit, heap_blks_read"
                    + " from pg_statio_user_tables where schemaname = '" + target.schema + "' and relname = 'events'"
                    + " union all select indexrelname, idx_blks_hit, idx_blks_read from pg_statio_user_indexes"
                    + " where schemaname = '" + target.schema + "' and relname = 'events' order by 1")) {
                while (rs.next()) {
                    blocks.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
        }
        return blocks;
    }

    /** The first number after {@code "key":} in EXPLAIN's JSON (the top plan node's or the statement's). */
    private static double number(String json, String key) {
        int at = json.indexOf("\"" + key + "\":");
        if (at < 0) {
            throw new IllegalStateException("EXPLAIN's output has no \"" + key + "\": " + json);
        }
        int start = at + key.length() + 3;
        int end = start;
        while (end < json.length() && " -.0123456789eE+".indexOf(json.charAt(end)) >= 0) {
            end++;
        }
        return Double.parseDouble(json.substring(start, end).trim());
    }
}
