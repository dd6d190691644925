package io.pipebench.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static io.pipebench.store.TestSchema.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AggregateLoaderTest {

    /** A real fold: counts a customer's spending events and sums their "amount". */
    record Spending(long count, long total) {
    }

    static final class SpendingFold implements AggregateFold<Spending> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public Spending initial() {
            return new Spending(0, 0);
        }

        @Override
        public Spending apply(Spending state, StoredEvent event) {
            try {
                long amount = JSON.readTree(event.dataJson()).path("amount").asLong();
                return new Spending(state.count() + 1, state.total() + amount);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toJson(Spending state) {
            try {
                return JSON.writeValueAsString(state);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Spending fromJson(String json) {
            try {
                return JSON.readValue(json, Spending.class);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private TestSchema db;
    private EventStore store;
    private SnapshotStore snapshots;
    private final SpendingFold fold = new SpendingFold();

    @BeforeEach
    void setUp() {
        db = new TestSchema();
        store = db.store;
        snapshots = new SnapshotStore(db.database);
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    @Test
    void snapshotsEveryFiftyEventsAndLoadsSnapshotPlusTail() {
        AggregateLoader<Spending> loader = new AggregateLoader<>(store, snapshots, fold);
        List<Long> snapshotsWritten = new ArrayList<>();
        int amount = 0;
        // 120 events in batches of 8, as an audit consumer would write them: the stream crosses 50 at 56, 100 at 104.
        for (int batch = 0; batch < 15; batch++) {
            List<NewEvent> events = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                amount++;
                events.add(event("Customer", "c-1", "CustomerSpendingUpdated", "{\"amount\": " + amount + "}"));
            }
            store.appendAll(events);
            if (loader.snapshotIfDue("Customer", "c-1")) {
                snapshotsWritten.add(snapshots.load("Customer", "c-1").orElseThrow().version());
            }
        }
        assertThat(snapshotsWritten).containsExactly(50L, 100L);
        Snapshot latest = snapshots.load("Customer", "c-1").orElseThrow();
        assertThat(fold.fromJson(latest.dataJson())).isEqualTo(new Spending(100, 100 * 101 / 2));
        assertThat(loader.snapshotIfDue("Customer", "c-1")).isFalse();

        Spending fullReplay = fold.initial();
        for (StoredEvent e : store.readStream("Customer", "c-1", 1)) {
            fullReplay = fold.apply(fullReplay, e);
        }
        LoadedAggregate<Spending> loaded = loader.load("Customer", "c-1");

        assertThat(fullReplay).isEqualTo(new Spending(120, 120 * 121 / 2));
        assertThat(loaded.state()).isEqualTo(fullReplay);
        assertThat(loaded.version()).isEqualTo(120);
        assertThat(loaded.snapshotVersion()).isEqualTo(100);
        assertThat(loaded.eventsApplied()).isEqualTo(20);
    }

    @Test
    void withoutASnapshotLoadReplaysEverythingAndWritesNothing() {
        AggregateLoader<Spending> loader = new AggregateLoader<>(store, snapshots, fold, 10);
        List<NewEvent> events = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            events.add(event("Customer", "c-2", "CustomerSpendingUpdated", "{\"amount\": 2}"));
        }
        store.append("Customer", "c-2", 0, events);

        assertThat(loader.snapshotIfDue("Customer", "c-2")).isFalse();
        LoadedAggregate<Spending> loaded = loader.load("Customer", "c-2");
        assertThat(loaded).isEqualTo(new LoadedAggregate<>(new StreamId("Customer", "c-2"), new Spending(9, 18), 9, 0, 9));
        assertThat(snapshots.load("Customer", "c-2")).isEmpty();
        assertThat(loader.load("Customer", "nobody"))
                .isEqualTo(new LoadedAggregate<>(new StreamId("Customer", "nobody"), new Spending(0, 0), 0, 0, 0));
    }

    @Test
    void snapshotsOnlyMoveForward() {
        assertThat(snapshots.save("Order", "o-1", 100, "{\"count\": 100, \"total\": 1}")).isTrue();
        assertThat(snapshots.save("Order", "o-1", 50, "{\"count\": 50, \"total\": 1}")).isFalse();
        assertThat(snapshots.load("Order", "o-1").orElseThrow().version()).isEqualTo(100);
        assertThat(snapshots.save("Order", "o-1", 150, "{\"count\": 150, \"total\": 1}")).isTrue();
        assertThat(snapshots.load("Order", "o-1").orElseThrow().version()).isEqualTo(150);
        assertThatThrownBy(() -> new AggregateLoader<>(store, snapshots, fold, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("snapshotEvery");
    }
}
