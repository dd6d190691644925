package io.pipebench.run;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.consume.AuditHandler;
import io.pipebench.consume.ConsumedEvent;
import io.pipebench.consume.ConsumerGroupRunner;
import io.pipebench.consume.ConsumerGroupSpec;
import io.pipebench.consume.DeadLetterPublisher;
import io.pipebench.consume.EventHandler;
import io.pipebench.events.BoundedContext;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventFactory;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.JsonEventCodec;
import io.pipebench.metrics.PipelineMeters;
import io.pipebench.publish.EventPublisher;
import io.pipebench.publish.ProducerProfiles;
import io.pipebench.publish.TopicRouter;
import io.pipebench.store.Database;
import io.pipebench.store.EventStore;
import io.pipebench.store.EventStoreSettings;
import io.pipebench.testing.Clusters;
import io.pipebench.testing.StoreQueries;
import io.pipebench.testing.TestSchemas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit consumer stopped mid-stream — cleanly, then restarted as a new instance of the same group; or by a crash
 * between its database transaction and its offset commit, then restarted by its supervisor: every event is in the
 * store exactly once, each aggregate in publish order, and after the crash the redelivered batches were absorbed by
 * event-id idempotency.
 */
class ConsumerRestartTest {

    private static final int EVENTS = 3_000;
    private static final int AGGREGATES = 150;
    private static final int BATCHES_BEFORE_STOP = 5;

    private final EventTypeRegistry registry = EventTypeRegistry.standard();
    private final JsonEventCodec codec = new JsonEventCodec(registry);
    private EmbeddedKafkaCluster cluster;
    private EventStoreSettings settings;
    private Database db;
    private EventStore store;
    private PipelineMeters meters;
    private DeadLetterPublisher deadLetters;
    private Map<String, List<UUID>> published;

    @BeforeEach
    void start() throws Exception {
        cluster = Clusters.freshWithCatalog();
        settings = TestSchemas.fresh("restart");
        db = Database.open(settings);
        store = new EventStore(db);
        store.migrate();
        meters = new PipelineMeters(new SimpleMeterRegistry());
        deadLetters = DeadLetterPublisher.create(cluster.connectionProperties(), meters);
        published = publish();
    }

    @AfterEach
    void stop() {
        deadLetters.close();
        StoreQueries.dropSchema(db);
        db.close();
        cluster.close();
    }

    @Test
    void aCleanStopAndARestartStoreEveryEventExactlyOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AuditHandler audit = audit();
        AtomicInteger calls = new AtomicInteger();
        // After a few batches every member blocks inside the handler, so the stop comes mid-stream for certain.
        EventHandler blocking = events -> {
            if (calls.incrementAndGet() > BATCHES_BEFORE_STOP) {
                release.await();
            }
            audit.handle(events);
        };
        ConsumerGroupRunner first = runner(blocking);
        await().atMost(Duration.ofSeconds(60)).until(() -> calls.get() > BATCHES_BEFORE_STOP);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(first::close);
        release.countDown(); // the blocked batches finish, are committed, and the members leave
        closing.get();
        long storedAtStop = StoreQueries.count(db);
        assertThat(storedAtStop).isLessThan(EVENTS);

        AuditHandler second = audit();
        try (ConsumerGroupRunner restarted = runner(second)) {
            await().atMost(Duration.ofSeconds(120)).until(() -> StoreQueries.count(db) == EVENTS);
            await().atMost(Duration.ofSeconds(60)).until(this::caughtUp);
        }
        assertStoredExactlyOnceInOrder();
        assertThat(second.duplicatesSkipped()).as("a clean stop commits what it stored").isZero();
    }

    @Test
    void aCrashBetweenTransactionAndCommitIsRestartedBySupervisionAndAbsorbedByIdempotency() throws Exception {
        AuditHandler audit = audit();
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger crashes = new AtomicInteger();
        // After a few batches, three times, a member stores its batch and then dies before committing the offsets.
        EventHandler crashing = events -> {
            audit.handle(events);
            if (calls.incrementAndGet() > BATCHES_BEFORE_STOP && crashes.incrementAndGet() <= 3) {
                throw new SimulatedCrash();
            }
        };
        try (ConsumerGroupRunner runner = runner(crashing)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> runner.failures().size() == 3);
            // The supervisor restarts the dead members, which finish the work.
            await().atMost(Duration.ofSeconds(120)).until(() -> StoreQueries.count(db) == EVENTS);
            await().atMost(Duration.ofSeconds(60)).until(this::caughtUp);
            assertThat(runner.failures()).hasSize(3).allMatch(SimulatedCrash.class::isInstance);
        }
        assertStoredExactlyOnceInOrder();
        assertThat(meters.memberFailuresOf(ReferenceSystem.groupId("audit"))).isEqualTo(3);
        assertThat(audit.duplicatesSkipped()).as("the crashed members' last batches came again").isPositive();
    }

    /** Stands for a process dying: an Error the member does not handle. */
    private static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash after the transaction, before the offset commit");
        }
    }

    private AuditHandler audit() {
        return new AuditHandler(db.dataSource(), store, codec, codec, Map.of(), 50, Duration.ofSeconds(5));
    }

    private ConsumerGroupRunner runner(EventHandler handler) {
        ConsumerGroupSpec spec = ConsumerGroupSpec.of(ReferenceSystem.groupId("audit"),
                List.of("customer-events", "order-events", "payment-events", "inventory-events"), handler, true);
        return ConsumerGroupRunner.start(spec, cluster.connectionProperties(), codec, deadLetters, meters);
    }

    private Map<String, List<UUID>> publish() throws Exception {
        Map<String, List<UUID>> out = new LinkedHashMap<>();
        try (EventPublisher publisher = EventPublisher.create(cluster, ProducerProfiles.seed(), codec, registry,
                TopicRouter.standard(registry), meters)) {
            EventFactory factory = new EventFactory(registry, 5);
            List<String> orders = new ArrayList<>();
            for (int i = 0; i < AGGREGATES; i++) {
                orders.add(factory.newAggregateId(BoundedContext.ORDER));
            }
            String[] types = {"OrderCreated", "OrderItemAdded", "OrderSubmitted", "OrderConfirmed"};
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                String order = orders.get(i % AGGREGATES);
                DomainEvent e = factory.create(types[(i / AGGREGATES) % types.length], order);
                out.computeIfAbsent(order, k -> new ArrayList<>()).add(e.eventId());
                acks.add(publisher.publish(e));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();
        }
        return out;
    }

    private void assertStoredExactlyOnceInOrder() {
        assertThat(StoreQueries.count(db)).isEqualTo(EVENTS);
        assertThat(StoreQueries.rows(db)).hasSize(EVENTS);
        for (Map.Entry<String, List<UUID>> e : published.entrySet()) {
            assertThat(StoreQueries.stream(db, "Order", e.getKey())).as("order " + e.getKey())
                    .containsExactlyElementsOf(e.getValue());
        }
        assertThat(published).hasSize(AGGREGATES);
    }

    /** Committed offsets of the audit group equal the log-end offsets of every order-events partition. */
    private boolean caughtUp() {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(cluster.connectionProperties())) {
            var committed = admin.listConsumerGroupOffsets(ReferenceSystem.groupId("audit"))
                    .partitionsToOffsetAndMetadata().get();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> wanted =
                    new java.util.HashMap<>();
            for (int p = 0; p < 12; p++) {
                wanted.put(new org.apache.kafka.common.TopicPartition("order-events", p),
                        org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            var latest = admin.listOffsets(wanted).all().get();
            return latest.entrySet().stream().allMatch(en -> en.getValue().offset() == 0
                    || (committed.get(en.getKey()) != null
                    && committed.get(en.getKey()).offset() == en.getValue().offset()));
        } catch (Exception e) {
            return false;
        }
    }

}
