package io.pipebench.consume;

import io.pipebench.events.EventFactory;
import io.pipebench.events.EventMetadata;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.JsonEventCodec;
import io.pipebench.events.OrderCreated;
import io.pipebench.store.AggregateFold;
import io.pipebench.store.AggregateLoader;
import io.pipebench.store.Database;
import io.pipebench.store.EventStore;
import io.pipebench.store.SnapshotStore;
import io.pipebench.store.StoredEvent;
import io.pipebench.testing.StoreQueries;
import io.pipebench.testing.TestSchemas;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit consumer's batch stands once committed: a snapshot that fails afterwards is counted, not thrown. */
class AuditHandlerSnapshotTest {

    private final JsonEventCodec codec = new JsonEventCodec(EventTypeRegistry.standard());
    private Database db;
    private EventStore store;

    @BeforeEach
    void setUp() {
        db = Database.open(TestSchemas.fresh("audit_snap").withPoolSize(2));
        store = new EventStore(db);
        store.migrate();
    }

    @AfterEach
    void tearDown() {
        StoreQueries.dropSchema(db);
        db.close();
    }

    @Test
    void aSnapshotFailureAfterTheCommitDoesNotFailTheBatch() throws Exception {
        AggregateLoader<Integer> failing = new AggregateLoader<>(store, new SnapshotStore(db), new CountFold(), 2);
        AuditHandler handler = new AuditHandler(db.dataSource(), store, codec, codec, Map.of("Order", failing), 2,
                Duration.ofSeconds(5));
        OrderCreated first = EventFactory.sampleOrderCreated();
        OrderCreated second = new OrderCreated(UUID.randomUUID(), first.occurredOn(), first.orderId(),
                first.customerId(), first.totalAmount(), first.items());

        handler.handle(List.of(consumed(first, 0), consumed(second, 1))); // crosses version 2: a snapshot is due

        assertThat(handler.snapshotFailures()).isEqualTo(1);
        assertThat(StoreQueries.stream(db, "Order", first.aggregateId()))
                .containsExactly(first.eventId(), second.eventId());
        assertThat(new SnapshotStore(db).load("Order", first.aggregateId())).isEmpty();
    }

    private ConsumedEvent consumed(OrderCreated event, long offset) {
        EventMetadata metadata = new EventMetadata(event.eventId(), "OrderCreated", 1, "Order", event.occurredOn(),
                null, null, JsonEventCodec.CONTENT_TYPE);
        return new ConsumedEvent(event, metadata, "order-events", 0, offset, event.aggregateId(), 0L,
                codec.encode(event), new RecordHeaders());
    }

    /** Counts events; its snapshots cannot be written (as a full disk or a lost connection would have it). */
    private static final class CountFold implements AggregateFold<Integer> {
        @Override
        public Integer initial() {
            return 0;
        }

        @Override
        public Integer apply(Integer state, StoredEvent event) {
            return state + 1;
        }

        @Override
        public String toJson(Integer state) {
            throw new IllegalStateException("snapshot storage refused");
        }

        @Override
        public Integer fromJson(String json) {
            return Integer.valueOf(json);
        }
    }
}
