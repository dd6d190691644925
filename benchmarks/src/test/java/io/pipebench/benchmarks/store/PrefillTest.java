package io.pipebench.benchmarks.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A prefilled schema holds exactly the rows asked for, shaped as the store writes them, is kept by a second open,
 * and is made again when its marker is missing or stale; what a run writes above it is counted and discarded.
 */
class PrefillTest {

    private static final long EVENTS = 2_500; // not a multiple of the chunk: the last chunk is short

    private final String schema = "jmh_prefill_test_"
            + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);

    @AfterEach
    void dropSchema() throws SQLException {
        new WriteTarget(Layout.lean, schema).close(); // close() drops the schema
    }

    @Test
    void makesRealisticRowsOnceAndKeepsThem() throws SQLException {
        String[] madeAt = new String[1];
        Prefill.Kept first = open(kept -> {
            WriteTarget t = kept.target();
            assertThat(query(t, "select count(*) from %s.events")).isEqualTo(String.valueOf(EVENTS));
            assertThat(query(t, "select max(global_position) from %s.events"))
                    .isEqualTo(String.valueOf(kept.highWater()));
            assertThat(query(t, "select count(distinct event_id) from %s.events")).isEqualTo(String.valueOf(EVENTS));
            // Streams of four events, versions 1..4 without gaps, one aggregate type each, all four contexts used.
            assertThat(query(t, "select count(*) from (select aggregate_type, aggregate_id from %s.events"
                    + " group by 1, 2 having count(*) = 4 and min(event_version) = 1 and max(event_version) = 4) s"))
                    .isEqualTo(String.valueOf(EVENTS / 4));
            assertThat(query(t, "select count(distinct aggregate_id) from %s.events"))
                    .isEqualTo(String.valueOf(EVENTS / 4));
            assertThat(query(t, "select string_agg(distinct aggregate_type, ',' order by aggregate_type)"
                    + " from %s.events")).isEqualTo("Customer,Inventory,Order,Payment");
            // Real payloads (hundreds of bytes), not placeholders; commits of a thousand, not one transaction.
            assertThat(Double.parseDouble(query(t, "select avg(length(data::text)) from %s.events")))
                    .isGreaterThan(150);
            assertThat(query(t, "select count(distinct transaction_id) from %s.events")).isEqualTo("3");
            madeAt[0] = query(t, "select made_at from %s.prefill_marker");
        });
        Prefill.Kept second = open(kept ->
                assertThat(query(kept.target(), "select made_at from %s.prefill_marker")).isEqualTo(madeAt[0]));
        assertThat(second.highWater()).isEqualTo(first.highWater());
    }

    @Test
    void countsAndDiscardsWhatARunWroteAboveThePrefill() throws SQLException {
        open(kept -> {
            WriteTarget t = kept.target();
            t.store.appendAll(StoreWriteState.newEvents(new RowSource().next(10, Shape.eventPerAggregate)));
            assertThat(Prefill.rowsAbove(t, kept.highWater())).isEqualTo(10);
            Prefill.discardAbove(t, kept.highWater());
            assertThat(Prefill.rowsAbove(t, kept.highWater())).isZero();
            assertThat(query(t, "select count(*) from %s.events")).isEqualTo(String.valueOf(EVENTS));
        });
    }

    @Test
    void aStaleMarkerMakesItAgainAndAMissingOneFinishesIt() throws SQLException {
        open(kept -> exec(kept.target(), "update %s.prefill_marker set recipe = 'an older recipe'"));
        open(kept -> {
            assertThat(query(kept.target(), "select recipe from %s.prefill_marker")).isEqualTo(Prefill.RECIPE);
            exec(kept.target(), "drop table %s.prefill_marker"); // killed after the last chunk, before the marker
        });
        open(kept -> {
            assertThat(query(kept.target(), "select count(*) from %s.events")).isEqualTo(String.valueOf(EVENTS));
            assertThat(query(kept.target(), "select count(*) from %s.prefill_marker")).isEqualTo("1");
        });
    }

    @Test
    void anUnfinishedFillResumesWithTheChunksItLacks() throws SQLException {
        open(kept -> {
            // As if killed: the second chunk (one transaction) never committed, and no marker was written.
            exec(kept.target(), "delete from %s.events where event_id in (select md5('event-' || g)::uuid"
                    + " from generate_series(1000, 1999) g)");
            exec(kept.target(), "drop table %s.prefill_marker");
        });
        open(kept -> {
            assertThat(query(kept.target(), "select count(*) from %s.events")).isEqualTo(String.valueOf(EVENTS));
            assertThat(query(kept.target(), "select count(distinct event_id) from %s.events"))
                    .isEqualTo(String.valueOf(EVENTS));
            assertThat(query(kept.target(), "select count(*) from %s.prefill_marker")).isEqualTo("1");
        });
    }

    @FunctionalInterface
    private interface OnKept {
        void accept(Prefill.Kept kept) throws SQLException;
    }

    /** Opens the test's prefill, runs {@code then} on it, disconnects; returns it (closed) for its high water. */
    private Prefill.Kept open(OnKept then) throws SQLException {
        Prefill.Kept kept = Prefill.open(schema, EVENTS);
        try {
            then.accept(kept);
        } finally {
            kept.target().disconnect();
        }
        return kept;
    }

    private static String query(WriteTarget target, String sql) throws SQLException {
        try (Statement st = target.autoCommit.createStatement();
             ResultSet rs = st.executeQuery(sql.formatted(target.schema))) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static void exec(WriteTarget target, String sql) throws SQLException {
        try (Statement st = target.autoCommit.createStatement()) {
            st.execute(sql.formatted(target.schema));
        }
    }
}
