package io.pipebench.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static io.pipebench.store.TestSchema.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Reads. readAll waits behind the oldest open writing transaction of the whole PostgreSQL server, and other
 * engineers' tests share that server: positive readAll assertions therefore wait (Awaitility) until such foreign
 * transactions end, while "must not return" assertions hold whatever else runs.
 */
class EventStoreReadTest {

    private static final Duration FOREIGN_TRANSACTIONS = Duration.ofSeconds(60);

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
    void readStreamStartsAtTheGivenVersion() {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(event("Order", "o-1", "OrderItemAdded", "{}"));
        }
        store.append("Order", "o-1", 0, events);
        store.append("Order", "o-2", 0, List.of(event("Order", "o-2", "OrderItemAdded", "{}")));

        assertThat(store.readStream("Order", "o-1", 4)).extracting(StoredEvent::eventId)
                .containsExactly(events.get(3).eventId(), events.get(4).eventId());
        assertThat(store.readStream("Order", "o-1", 6)).isEmpty();
        assertThat(store.readStream("Order", "unknown", 1)).isEmpty();
        assertThat(store.currentVersion("Order", "unknown")).isZero();
    }

    @Test
    void readByTypePagesThroughOneTypeInPositionOrder() {
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            NewEvent c = event("Customer", "c-" + i, "CustomerCreated", "{}");
            created.add(c.eventId());
            store.appendAll(List.of(c, event("Customer", "c-" + i, "CustomerVipUpgraded", "{}")));
        }

        List<StoredEvent> page1 = store.readByType("CustomerCreated", 0, 3);
        List<StoredEvent> page2 = store.readByType("CustomerCreated", page1.get(2).globalPosition(), 3);
        List<StoredEvent> page3 = store.readByType("CustomerCreated", page2.get(2).globalPosition(), 3);

        List<UUID> read = new ArrayList<>();
        for (List<StoredEvent> page : List.of(page1, page2, page3)) {
            page.forEach(e -> read.add(e.eventId()));
        }
        assertThat(read).isEqualTo(created);
        assertThat(page3).hasSize(1);
        assertThat(page1).allSatisfy(e -> assertThat(e.eventType()).isEqualTo("CustomerCreated"));
        assertThatThrownBy(() -> store.readByType("CustomerCreated", 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    }

    @Test
    void readAllPagesThroughTheWholeLogOnce() {
        List<UUID> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            NewEvent a = event("Order", "o-" + i, "OrderCreated", "{}");
            NewEvent b = event("Payment", "p-" + i, "PaymentCreated", "{}");
            store.appendAll(List.of(a, b));
            written.add(a.eventId());
            written.add(b.eventId());
        }

        await().atMost(FOREIGN_TRANSACTIONS).untilAsserted(() ->
                assertThat(store.readAll(GlobalCursor.START, 100).events()).hasSize(10));
        List<UUID> read = new ArrayList<>();
        GlobalCursor cursor = GlobalCursor.START;
        for (GlobalPage page = store.readAll(cursor, 3); !page.events().isEmpty(); page = store.readAll(cursor, 3)) {
            page.events().forEach(e -> read.add(e.eventId()));
            cursor = page.next();
        }
        assertThat(read).isEqualTo(written);
        GlobalPage end = store.readAll(cursor, 3);
        assertThat(end.events()).isEmpty();
        assertThat(end.next()).isEqualTo(cursor);
    }

    @Test
    void readAllDoesNotPassAnEventWhoseTransactionCommitsLate() throws Exception {
        NewEvent early = event("Order", "a", "OrderCreated", "{}");
        NewEvent late = event("Order", "b", "OrderCreated", "{}");
        try (Connection a = db.database.dataSource().getConnection()) {
            a.setAutoCommit(false);
            store.appendAll(a, List.of(early));                    // A takes the lower position and stays open
            store.append("Order", "b", 0, List.of(late));           // B takes a higher position and commits

            // The hazard: by position, B is already readable while A's lower position is still invisible.
            List<StoredEvent> byPosition = store.readByType("OrderCreated", 0, 10);
            assertThat(byPosition).extracting(StoredEvent::eventId).containsExactly(late.eventId());
            assertThat(byPosition.get(0).globalPosition()).isGreaterThan(1);

            GlobalPage whileAOpen = store.readAll(GlobalCursor.START, 100);
            assertThat(whileAOpen.events()).isEmpty();
            assertThat(whileAOpen.next()).isEqualTo(GlobalCursor.START);

            a.commit();
            a.setAutoCommit(true);
        }

        await().atMost(FOREIGN_TRANSACTIONS).untilAsserted(() ->
                assertThat(store.readAll(GlobalCursor.START, 100).events()).extracting(StoredEvent::eventId)
                        .containsExactly(early.eventId(), late.eventId()));
        List<StoredEvent> all = store.readAll(GlobalCursor.START, 100).events();
        assertThat(all.get(0).globalPosition()).isLessThan(all.get(1).globalPosition());
    }

    @Test
    void aReaderThatAlreadyReadSomethingStillGetsTheLateCommit() throws Exception {
        NewEvent first = event("Order", "first", "OrderCreated", "{}");
        store.append("Order", "first", 0, List.of(first));
        await().atMost(FOREIGN_TRANSACTIONS).untilAsserted(() ->
                assertThat(store.readAll(GlobalCursor.START, 100).events()).hasSize(1));
        GlobalCursor cursor = store.readAll(GlobalCursor.START, 100).next();

        NewEvent early = event("Order", "a", "OrderCreated", "{}");
        NewEvent late = event("Order", "b", "OrderCreated", "{}");
        try (Connection a = db.database.dataSource().getConnection()) {
            a.setAutoCommit(false);
            store.appendAll(a, List.of(early));
            store.append("Order", "b", 0, List.of(late));
            GlobalPage whileAOpen = store.readAll(cursor, 100);
            assertThat(whileAOpen.events()).isEmpty();
            assertThat(whileAOpen.next()).isEqualTo(cursor);
            a.commit();
            a.setAutoCommit(true);
        }
        GlobalCursor from = cursor;
        await().atMost(FOREIGN_TRANSACTIONS).untilAsserted(() ->
                assertThat(store.readAll(from, 100).events()).extracting(StoredEvent::eventId)
                        .containsExactly(early.eventId(), late.eventId()));
    }

    @Test
    void readAllRefusesToStartWhenStoredTransactionIdsAreAheadOfTheServer() throws Exception {
        store.append("Order", "restored", 0, List.of(event("Order", "restored", "OrderCreated", "{}")));
        // what a dump restored on another server looks like: xids this server has not reached
        long ahead = Long.parseLong(String.valueOf(db.scalar("select (pg_current_xact_id()::text::bigint"
                + " + 1000000000)::text")));
        db.scalar("update " + db.schema() + ".events set transaction_id = '" + ahead + "'::xid8 returning 1");

        assertThatThrownBy(() -> store.readAll(GlobalCursor.START, 100))
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("holds transaction ids up to " + ahead)
                .hasMessageContaining("restored or copied from another server")
                .hasMessageContaining("GlobalCursor.START");

        db.scalar("update " + db.schema() + ".events set transaction_id = pg_current_xact_id() returning 1");
        await().atMost(FOREIGN_TRANSACTIONS).untilAsserted(() ->
                assertThat(store.readAll(GlobalCursor.START, 100).events()).hasSize(1));
        assertThatThrownBy(() -> store.readAll(new GlobalCursor(ahead, 1), 100))
                .isInstanceOf(EventStoreException.class).hasMessageContaining("cursor");
    }

    @Test
    void aLongOpenTransactionHoldingTheReadBackIsNamedInAWarning() throws Exception {
        AtomicLong nanos = new AtomicLong();
        GlobalReadGuard guard = new GlobalReadGuard(db.schema(), Duration.ofSeconds(30), nanos::get);
        try (Connection open = db.database.dataSource().getConnection();
             Connection reader = db.database.dataSource().getConnection()) {
            open.setAutoCommit(false);
            store.appendAll(open, List.of(event("Order", "slow", "OrderCreated", "{}"))); // holds an xid, stays open
            store.append("Order", "fast", 0, List.of(event("Order", "fast", "OrderCreated", "{}")));
            assertThat(store.readAll(GlobalCursor.START, 100).events()).isEmpty();

            assertThat(guard.check(reader, GlobalCursor.START)).isEmpty();     // the wait starts
            nanos.addAndGet(Duration.ofSeconds(29).toNanos());
            assertThat(guard.check(reader, GlobalCursor.START)).isEmpty();     // not long yet
            nanos.addAndGet(Duration.ofSeconds(2).toNanos());
            Optional<String> warning = guard.check(reader, GlobalCursor.START);
            assertThat(warning).hasValueSatisfying(w -> assertThat(w)
                    .contains("held back for 31 s").contains("oldest still open").contains("pg_terminate_backend"));
            assertThat(guard.check(reader, GlobalCursor.START)).as("once per stall").isEmpty();
            open.rollback();
            open.setAutoCommit(true);
        }
    }
}
