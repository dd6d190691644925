package io.pipebench.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.pipebench.store.TestSchema.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventStoreAppendTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestSchema db;
    private EventStore store;

    @BeforeEach
    void setUp() {
        db = new TestSchema();
        store = db.store;
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    @Test
    void migrationRunsOnceAndIsANoOpAfterwards() {
        assertThat(store.migrate()).isZero();
    }

    @Test
    void appendAssignsTheVersionsAfterTheExpectedOneAndKeepsEveryField() throws Exception {
        Instant occurred = Instant.parse("2024-05-01T10:15:30.123456Z");
        NewEvent created = new NewEvent(UUID.randomUUID(), "OrderCreated", 2, "Order", "o-1",
                "{\"orderId\": \"o-1\", \"total\": 12.50}", "{\"traceId\": \"t-1\"}", occurred);
        NewEvent submitted = event("Order", "o-1", "OrderSubmitted", "{\"itemCount\": 3}");

        AppendResult first = store.append("Order", "o-1", 0, List.of(created, submitted));
        AppendResult second = store.append("Order", "o-1", 2, List.of(event("Order", "o-1", "OrderConfirmed", "{}")));

        assertThat(first).isEqualTo(new AppendResult(new StreamId("Order", "o-1"), 1, 2, false));
        assertThat(second).isEqualTo(new AppendResult(new StreamId("Order", "o-1"), 3, 3, false));
        assertThat(store.currentVersion("Order", "o-1")).isEqualTo(3);

        List<StoredEvent> stream = store.readStream("Order", "o-1", 1);
        assertThat(stream).extracting(StoredEvent::version).containsExactly(1L, 2L, 3L);
        assertThat(stream).extracting(StoredEvent::eventType)
                .containsExactly("OrderCreated", "OrderSubmitted", "OrderConfirmed");
        StoredEvent stored = stream.get(0);
        assertThat(stored.eventId()).isEqualTo(created.eventId());
        assertThat(stored.schemaVersion()).isEqualTo(2);
        assertThat(stored.occurredOn()).isEqualTo(occurred);
        assertThat(stored.recordedAt()).isNotNull();
        assertThat(JSON.readTree(stored.dataJson())).isEqualTo(JSON.readTree(created.dataJson()));
        assertThat(JSON.readTree(stored.metadataJson())).isEqualTo(JSON.readTree(created.metadataJson()));
        assertThat(stream.get(1).metadataJson()).isNull();
    }

    @Test
    void twoWritersAtTheSameExpectedVersionExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                long expected = store.currentVersion("Order", "contested");
                CountDownLatch start = new CountDownLatch(1);
                Callable<AppendResult> writer = () -> {
                    List<NewEvent> batch = List.of(event("Order", "contested", "OrderItemAdded", "{}"),
                            event("Order", "contested", "OrderItemAdded", "{}"));
                    start.await();
                    return store.append("Order", "contested", expected, batch);
                };
                Future<AppendResult> a = pool.submit(writer);
                Future<AppendResult> b = pool.submit(writer);
                start.countDown();

                List<AppendResult> won = new ArrayList<>();
                List<ConcurrencyException> lost = new ArrayList<>();
                for (Future<AppendResult> f : List.of(a, b)) {
                    try {
                        won.add(f.get(30, TimeUnit.SECONDS));
                    } catch (ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(ConcurrencyException.class);
                        lost.add((ConcurrencyException) e.getCause());
                    }
                }
                assertThat(won).singleElement().satisfies(r -> {
                    assertThat(r.firstVersion()).isEqualTo(expected + 1);
                    assertThat(r.lastVersion()).isEqualTo(expected + 2);
                });
                assertThat(lost).singleElement().satisfies(e -> {
                    assertThat(e.stream()).isEqualTo(new StreamId("Order", "contested"));
                    assertThat(e.expectedVersion()).isEqualTo(expected);
                    assertThat(e.actualVersion()).isEqualTo(expected + 2);
                });
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.readStream("Order", "contested", 1)).extracting(StoredEvent::version)
                .containsExactlyElementsOf(range(1, 20));
    }

    @Test
    void replayingAStoredBatchChangesNothingAndSaysSo() throws Exception {
        List<NewEvent> batch = List.of(event("Payment", "p-1", "PaymentCreated", "{}"),
                event("Payment", "p-1", "PaymentRequested", "{}"));
        store.append("Payment", "p-1", 0, batch);
        List<StoredEvent> before = store.readStream("Payment", "p-1", 1);

        AppendResult replay = store.append("Payment", "p-1", 0, batch);
        assertThat(replay).isEqualTo(new AppendResult(new StreamId("Payment", "p-1"), 1, 2, true));

        // still a no-op after the stream moved on: same ids, same positions
        store.append("Payment", "p-1", 2, List.of(event("Payment", "p-1", "PaymentCompleted", "{}")));
        assertThat(store.append("Payment", "p-1", 0, batch).alreadyStored()).isTrue();

        assertThat(db.count("events")).isEqualTo(3);
        assertThat(store.readStream("Payment", "p-1", 1)).startsWith(before.toArray(StoredEvent[]::new))
                .extracting(StoredEvent::version).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aBatchMixingStoredAndNewIdsIsRefusedNamingTheStoredOnes() throws Exception {
        NewEvent stored = event("Payment", "p-2", "PaymentCreated", "{}");
        store.append("Payment", "p-2", 0, List.of(stored));

        assertThatThrownBy(() -> store.append("Payment", "p-2", 0,
                List.of(stored, event("Payment", "p-2", "PaymentRequested", "{}"))))
                .isInstanceOfSatisfying(DuplicateEventException.class,
                        e -> assertThat(e.eventIds()).containsExactly(stored.eventId()))
                .hasMessageContaining(stored.eventId().toString());
        assertThat(db.count("events")).isEqualTo(1);
    }

    @Test
    void storedIdsSentAtOtherVersionsOrToAnotherStreamAreRefused() throws Exception {
        NewEvent stored = event("Payment", "p-3", "PaymentCreated", "{}");
        store.append("Payment", "p-3", 0, List.of(stored));

        assertThatThrownBy(() -> store.append("Payment", "p-3", 1, List.of(stored)))
                .isInstanceOfSatisfying(DuplicateEventException.class,
                        e -> assertThat(e.eventIds()).containsExactly(stored.eventId()));
        NewEvent sameIdOtherStream = new NewEvent(stored.eventId(), "PaymentCreated", 1, "Payment", "p-4", "{}",
                null, stored.occurredOn());
        assertThatThrownBy(() -> store.append("Payment", "p-4", 0, List.of(sameIdOtherStream)))
                .isInstanceOfSatisfying(ConflictingEventException.class, e -> {
                    assertThat(e.eventId()).isEqualTo(stored.eventId());
                    assertThat(e.firstStream()).isEqualTo(new StreamId("Payment", "p-3"));
                    assertThat(e.arrivingStream()).isEqualTo(new StreamId("Payment", "p-4"));
                    assertThat(e.difference()).isEqualTo("stream differs");
                })
                .hasMessageContaining(stored.eventId().toString()).hasMessageContaining("Payment/p-3")
                .hasMessageContaining("Payment/p-4");
        assertThat(db.count("events")).isEqualTo(1);
    }

    @Test
    void aStoredIdResentWithAnotherPayloadIsAConflictNotAReplay() throws Exception {
        NewEvent stored = event("Payment", "p-5", "PaymentCreated", "{\"amount\": 10, \"currency\": \"EUR\"}");
        store.append("Payment", "p-5", 0, List.of(stored));
        // the same JSON with other key order and spacing is the same payload: a replay
        NewEvent reordered = new NewEvent(stored.eventId(), "PaymentCreated", 1, "Payment", "p-5",
                "{\"currency\":\"EUR\",\"amount\":10}", "{\"offset\": 7}", stored.occurredOn());
        assertThat(store.append("Payment", "p-5", 0, List.of(reordered)).alreadyStored()).isTrue();

        NewEvent otherPayload = new NewEvent(stored.eventId(), "PaymentCreated", 1, "Payment", "p-5",
                "{\"amount\": 99, \"currency\": \"EUR\"}", null, stored.occurredOn());
        assertThatThrownBy(() -> store.append("Payment", "p-5", 0, List.of(otherPayload)))
                .isInstanceOfSatisfying(ConflictingEventException.class, e -> {
                    assertThat(e.firstStream()).isEqualTo(e.arrivingStream());
                    assertThat(e.difference()).isEqualTo("payload differs");
                });
        NewEvent otherType = new NewEvent(stored.eventId(), "PaymentCompleted", 1, "Payment", "p-5",
                stored.dataJson(), null, stored.occurredOn());
        assertThatThrownBy(() -> store.append("Payment", "p-5", 0, List.of(otherType)))
                .isInstanceOfSatisfying(ConflictingEventException.class,
                        e -> assertThat(e.difference()).isEqualTo("event type or schema version differs"));
        assertThat(store.readStream("Payment", "p-5", 1)).singleElement()
                .satisfies(e -> assertThat(JSON.readTree(e.dataJson())).isEqualTo(JSON.readTree(stored.dataJson())));
    }

    @Test
    void aStaleExpectedVersionIsAConflictAndWritesNothing() throws Exception {
        store.append("Inventory", "i-1", 0, List.of(event("Inventory", "i-1", "InventoryCreated", "{}")));

        assertThatThrownBy(() -> store.append("Inventory", "i-1", 0,
                List.of(event("Inventory", "i-1", "InventoryCreated", "{}"))))
                .isInstanceOfSatisfying(ConcurrencyException.class, e -> {
                    assertThat(e.expectedVersion()).isZero();
                    assertThat(e.actualVersion()).isEqualTo(1);
                })
                .hasMessageContaining("Inventory/i-1");
        assertThatThrownBy(() -> store.append("Inventory", "i-1", 5,
                List.of(event("Inventory", "i-1", "StockAdded", "{}"))))
                .isInstanceOfSatisfying(ConcurrencyException.class, e -> assertThat(e.actualVersion()).isEqualTo(1));
        assertThat(db.count("events")).isEqualTo(1);
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        assertThatThrownBy(() -> store.append("Order", "o-9", 0,
                List.of(event("Order", "o-9", "OrderCreated", "{not json"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dataJson");
        assertThatThrownBy(() -> store.append("Order", "o-9", 0,
                List.of(event("Order", "other", "OrderCreated", "{}"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Order/other");
        assertThatThrownBy(() -> store.append("Order", "o-9", -1, List.of(event("Order", "o-9", "OrderCreated", "{}"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expectedVersion");
        assertThatThrownBy(() -> store.append("Order", "o-9", 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("events is empty");
        NewEvent once = event("Order", "o-9", "OrderCreated", "{}");
        assertThatThrownBy(() -> store.append("Order", "o-9", 0, List.of(once, once)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> new NewEvent(UUID.randomUUID(), " ", 1, "Order", "o-9", "{}", null, Instant.now()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eventType");
        assertThatThrownBy(() -> new NewEvent(UUID.randomUUID(), "OrderCreated", 0, "Order", "o-9", "{}", null,
                Instant.now()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schemaVersion");
        assertThatThrownBy(() -> new NewEvent(null, "OrderCreated", 1, "Order", "o-9", "{}", null, Instant.now()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eventId");
        assertThat(store.currentVersion("Order", "o-9")).isZero();
    }

    static List<Long> range(long from, long to) {
        List<Long> values = new ArrayList<>();
        for (long v = from; v <= to; v++) {
            values.add(v);
        }
        return values;
    }
}
