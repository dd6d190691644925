package io.pipebench.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.pipebench.store.EventStoreAppendTest.range;
import static io.pipebench.store.TestSchema.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class EventStoreAppendAllTest {

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
    void assignsNextVersionsPerAggregateInListOrderAndSkipsStoredIds() throws Exception {
        List<NewEvent> batch = new ArrayList<>();
        String[] aggregates = {"c-1", "c-2", "c-3"};
        for (int i = 0; i < 12; i++) {
            batch.add(event("Customer", aggregates[i % 3], "RewardPointsEarned", "{\"n\": " + i + "}"));
        }

        BatchAppendResult first = store.appendAll(batch);
        assertThat(first.appended()).isEqualTo(12);
        assertThat(first.skippedDuplicates()).isZero();
        assertThat(first.streamVersions()).isEqualTo(Map.of(new StreamId("Customer", "c-1"), 4L,
                new StreamId("Customer", "c-2"), 4L, new StreamId("Customer", "c-3"), 4L));
        for (int a = 0; a < 3; a++) {
            List<StoredEvent> stream = store.readStream("Customer", aggregates[a], 1);
            assertThat(stream).extracting(StoredEvent::version).containsExactly(1L, 2L, 3L, 4L);
            int aggregate = a;
            // list order within the aggregate: events a, a+3, a+6, a+9 of the batch
            assertThat(stream).extracting(StoredEvent::eventId).containsExactlyElementsOf(
                    List.of(0, 1, 2, 3).stream().map(k -> batch.get(aggregate + 3 * k).eventId()).toList());
        }

        // a redelivered batch plus two new events: the stored ones are skipped and counted
        List<NewEvent> redelivered = new ArrayList<>(batch);
        NewEvent newForC2 = event("Customer", "c-2", "RewardPointsRedeemed", "{}");
        NewEvent newForC4 = event("Customer", "c-4", "CustomerCreated", "{}");
        redelivered.add(5, newForC2);
        redelivered.add(newForC4);
        redelivered.add(newForC4); // repeated within the list: stored once
        BatchAppendResult second = store.appendAll(redelivered);

        assertThat(second.appended()).isEqualTo(2);
        assertThat(second.skippedDuplicates()).isEqualTo(13);
        assertThat(second.streamVersions()).isEqualTo(Map.of(new StreamId("Customer", "c-2"), 5L,
                new StreamId("Customer", "c-4"), 1L));
        assertThat(store.readStream("Customer", "c-2", 5)).extracting(StoredEvent::eventId)
                .containsExactly(newForC2.eventId());
        assertThat(db.count("events")).isEqualTo(14);
    }

    @Test
    void continuesStreamsWrittenByAppend() {
        store.append("Order", "o-1", 0, List.of(event("Order", "o-1", "OrderCreated", "{}")));
        store.appendAll(List.of(event("Order", "o-1", "OrderSubmitted", "{}")));
        assertThat(store.readStream("Order", "o-1", 1)).extracting(StoredEvent::version).containsExactly(1L, 2L);
        assertThat(store.appendAll(List.of())).isEqualTo(new BatchAppendResult(0, 0, Map.of()));
    }

    @Test
    void concurrentBatchesOnTheSameAggregatesGetGapFreeVersions() throws Exception {
        // Two batches interleave the same two aggregates in opposite order: sorted locking must not deadlock.
        List<NewEvent> one = new ArrayList<>();
        List<NewEvent> two = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            one.add(event("Order", "x", "OrderItemAdded", "{}"));
            one.add(event("Order", "y", "OrderItemAdded", "{}"));
            two.add(event("Order", "y", "OrderItemAdded", "{}"));
            two.add(event("Order", "x", "OrderItemAdded", "{}"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<BatchAppendResult> a = pool.submit(() -> {
                start.await();
                return store.appendAll(one);
            });
            Future<BatchAppendResult> b = pool.submit(() -> {
                start.await();
                return store.appendAll(two);
            });
            start.countDown();
            assertThat(a.get(60, TimeUnit.SECONDS).appended()).isEqualTo(200);
            assertThat(b.get(60, TimeUnit.SECONDS).appended()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
        for (String id : List.of("x", "y")) {
            List<StoredEvent> stream = store.readStream("Order", id, 1);
            assertThat(stream).extracting(StoredEvent::version).containsExactlyElementsOf(range(1, 200));
            // each batch's events keep their list order inside the stream
            for (List<NewEvent> batch : List.of(one, two)) {
                List<UUID> inBatch = batch.stream().filter(e -> e.aggregateId().equals(id)).map(NewEvent::eventId)
                        .toList();
                List<UUID> storedOrder = stream.stream().map(StoredEvent::eventId).filter(inBatch::contains).toList();
                assertThat(storedOrder).isEqualTo(inBatch);
            }
        }
    }

    @Test
    void runsInsideTheCallersTransaction() throws Exception {
        NewEvent rolledBack = event("Payment", "p-1", "PaymentCreated", "{}");
        NewEvent committed = event("Payment", "p-1", "PaymentCreated", "{}");
        try (Connection c = db.database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            assertThat(store.appendAll(c, List.of(rolledBack)).appended()).isEqualTo(1);
            c.rollback();
            assertThat(store.appendAll(c, List.of(committed)).streamVersions())
                    .isEqualTo(Map.of(new StreamId("Payment", "p-1"), 1L));
            c.commit();
            c.setAutoCommit(true);
        }
        assertThat(store.readStream("Payment", "p-1", 1)).extracting(StoredEvent::eventId)
                .containsExactly(committed.eventId());
    }

    @Test
    void refusesIsolationLevelsWhereItsLocksWouldNotBeEnough() throws Exception {
        try (Connection c = db.database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            assertThatThrownBy(() -> store.appendAll(c, List.of(event("Payment", "p-2", "PaymentCreated", "{}"))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("READ COMMITTED");
            c.rollback();
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            c.setAutoCommit(true);
        }
        assertThat(db.count("events")).isZero();
    }

    @Test
    void aReusedIdForAnotherStreamOrWithAnotherPayloadFailsTheBatchNamingBothStreams() throws Exception {
        NewEvent stored = event("Order", "o-5", "OrderCreated", "{\"total\": 1}");
        store.appendAll(List.of(stored));
        NewEvent innocent = event("Order", "o-6", "OrderCreated", "{}");
        NewEvent otherStream = new NewEvent(stored.eventId(), "OrderCreated", 1, "Order", "o-7", stored.dataJson(),
                null, stored.occurredOn());

        assertThatThrownBy(() -> store.appendAll(List.of(innocent, otherStream)))
                .isInstanceOfSatisfying(ConflictingEventException.class, e -> {
                    assertThat(e.eventId()).isEqualTo(stored.eventId());
                    assertThat(e.firstStream()).isEqualTo(new StreamId("Order", "o-5"));
                    assertThat(e.arrivingStream()).isEqualTo(new StreamId("Order", "o-7"));
                })
                .hasMessageContaining("is stored for stream Order/o-5").hasMessageContaining("Order/o-7");
        NewEvent otherPayload = new NewEvent(stored.eventId(), "OrderCreated", 1, "Order", "o-5", "{\"total\": 2}",
                null, stored.occurredOn());
        assertThatThrownBy(() -> store.appendAll(List.of(otherPayload, innocent)))
                .isInstanceOfSatisfying(ConflictingEventException.class,
                        e -> assertThat(e.difference()).isEqualTo("payload differs"));
        // repeated within one batch as two different events: the second is refused too
        NewEvent first = event("Order", "o-8", "OrderCreated", "{}");
        NewEvent second = new NewEvent(first.eventId(), "OrderCreated", 1, "Order", "o-9", "{}", null,
                first.occurredOn());
        assertThatThrownBy(() -> store.appendAll(List.of(first, second)))
                .isInstanceOfSatisfying(ConflictingEventException.class,
                        e -> assertThat(e.firstStream()).isEqualTo(new StreamId("Order", "o-8")))
                .hasMessageContaining("already in this batch");
        assertThat(db.count("events")).isEqualTo(1);

        // the same event again (other metadata, as a redelivery from another offset has) is still skipped
        NewEvent redelivered = new NewEvent(stored.eventId(), "OrderCreated", 1, "Order", "o-5", stored.dataJson(),
                "{\"offset\": 42}", stored.occurredOn());
        assertThat(store.appendAll(List.of(redelivered, innocent))).isEqualTo(new BatchAppendResult(1, 1,
                Map.of(new StreamId("Order", "o-6"), 1L)));
    }

    @Test
    void appendAndAppendAllLockAStreamWithTheSameKey() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection c = db.database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            store.appendAll(c, List.of(event("Payment", "p-9", "PaymentCreated", "{}")));
            // the batch holds p-9's lock until commit: a single-stream append of p-9 must wait for it
            Future<AppendResult> single = pool.submit(() -> store.append("Payment", "p-9", 0,
                    List.of(event("Payment", "p-9", "PaymentCreated", "{}"))));
            await().atMost(Duration.ofSeconds(20)).until(() -> waitersOnStreamLock("Payment", "p-9") == 1);
            assertThat(single).isNotDone();
            c.commit();
            c.setAutoCommit(true);
            assertThatThrownBy(() -> single.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(ConcurrencyException.class);
        } finally {
            pool.shutdownNow();
        }
        assertThat(db.count("events")).isEqualTo(1);
    }

    /** Sessions waiting for the advisory lock whose key stream_lock_key gives (a bigint key is classid:objid). */
    private int waitersOnStreamLock(String aggregateType, String aggregateId) throws Exception {
        try (Connection c = db.database.dataSource().getConnection();
             var st = c.prepareStatement("select count(*) from pg_locks l where l.locktype = 'advisory'"
                     + " and not l.granted and l.database = (select oid from pg_database where datname = current_database())"
                     + " and ((l.classid::bigint << 32) | l.objid::bigint) = "
                     + db.database.settings().schema() + ".stream_lock_key(?, ?)")) {
            st.setString(1, aggregateType);
            st.setString(2, aggregateId);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * The JSON columns travel as a binary text[] (EventArrays): payloads full of array-literal syntax, escapes and
     * characters outside Latin-1 are stored as given, in their own rows, through both append paths. Fails if an
     * element's quotes, braces or commas were read as the array's own, or an element were shifted to its neighbour.
     */
    @Test
    void payloadsWithArraySyntaxEscapesAndAnyCharactersAreStoredAsGiven() throws Exception {
        String[] payloads = {
                "{\"q\": \"a \\\"quoted\\\" word\", \"b\": \"back\\\\slash\", \"c\": \"{,}\", \"n\": \"NULL\"}",
                "[\"NULL\", null, \"}\", \"\\\\\\\"\", \"\u00fcn\u00efc\u00f8d\u00e9 \u2713 \ud83d\ude80\", \"tab\\there\"]",
                "\"a string with , and } and {\"",
                "  {\"nested\" :\n {\"arr\": [1, 2.5, {\"x\": \"y\"}], \"t\": true}}  ",
                "{}"};
        String[] metadata = {"{\"traceparent\": \"00-\\\"x\\\"-01\"}", null, "{\"k\": \"\u00e9,\u00e8\"}", "[]",
                "{\"k\": \"}{\"}"};
        List<NewEvent> batch = new ArrayList<>();
        for (int i = 0; i < payloads.length; i++) {
            batch.add(new NewEvent(UUID.randomUUID(), "Escaped", 1, "Json", "batch", payloads[i], metadata[i],
                    Instant.now().truncatedTo(ChronoUnit.MICROS)));
        }
        assertThat(store.appendAll(batch).appended()).isEqualTo(payloads.length);
        List<NewEvent> single = new ArrayList<>();
        for (int i = 0; i < payloads.length; i++) {
            single.add(new NewEvent(UUID.randomUUID(), "Escaped", 1, "Json", "single", payloads[i], metadata[i],
                    Instant.now().truncatedTo(ChronoUnit.MICROS)));
        }
        store.append("Json", "single", 0, single);

        ObjectMapper json = new ObjectMapper();
        for (String stream : List.of("batch", "single")) {
            List<StoredEvent> stored = store.readStream("Json", stream, 1);
            assertThat(stored).hasSize(payloads.length);
            for (int i = 0; i < payloads.length; i++) {
                assertThat(json.readTree(stored.get(i).dataJson())).as(stream + " data " + i)
                        .isEqualTo(json.readTree(payloads[i]));
                if (metadata[i] == null) {
                    assertThat(stored.get(i).metadataJson()).as(stream + " metadata " + i).isNull();
                } else {
                    assertThat(json.readTree(stored.get(i).metadataJson())).as(stream + " metadata " + i)
                            .isEqualTo(json.readTree(metadata[i]));
                }
            }
        }
    }

    @Test
    void invalidJsonFailsTheWholeBatch() throws Exception {
        List<NewEvent> batch = List.of(event("Order", "o-2", "OrderCreated", "{}"),
                event("Order", "o-3", "OrderCreated", "[unterminated"));
        assertThatThrownBy(() -> store.appendAll(batch))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dataJson");
        NewEvent badMetadata = new NewEvent(UUID.randomUUID(), "OrderCreated", 1, "Order", "o-4", "{}", "{\"k\":",
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        assertThatThrownBy(() -> store.appendAll(List.of(event("Order", "o-5", "OrderCreated", "{}"), badMetadata)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadataJson");
        assertThatThrownBy(() -> store.append("Order", "o-4", 0, List.of(badMetadata)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadataJson");
        assertThat(db.count("events")).isZero();
    }
}
