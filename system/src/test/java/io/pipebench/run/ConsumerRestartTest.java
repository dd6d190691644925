package io.pipebench.run;

import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.consume.ConsumerGroupRunner;
import io.pipebench.events.BoundedContext;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventFactory;
import io.pipebench.store.Database;
import io.pipebench.store.EventStoreSettings;
import io.pipebench.testing.Clusters;
import io.pipebench.testing.StoreQueries;
import io.pipebench.testing.TestSchemas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit consumer stopped mid-stream — cleanly, or as a crash without committing — and restarted as a new
 * instance of the same group: every event is in the store exactly once, each aggregate in publish order.
 */
class ConsumerRestartTest {

    private static final int EVENTS = 3_000;
    private static final int AGGREGATES = 150;

    private EmbeddedKafkaCluster cluster;
    private EventStoreSettings settings;

    @BeforeEach
    void start() {
        cluster = Clusters.freshWithCatalog();
        settings = TestSchemas.fresh("restart");
    }

    @AfterEach
    void stop() {
        try (Database db = Database.open(settings)) {
            StoreQueries.dropSchema(db);
        }
        cluster.close();
    }

    @ParameterizedTest(name = "stopped by {0}")
    @ValueSource(strings = {"close", "crash"})
    void everyEventIsStoredExactlyOnceAcrossARestart(String how) throws Exception {
        Map<String, List<UUID>> published = new LinkedHashMap<>();
        try (Database db = Database.open(settings)) {
            ReferenceSystem first = ReferenceSystem.builder(cluster).eventStore(settings).groups(List.of("audit"))
                    .start();
            try {
                EventFactory factory = new EventFactory(first.registry(), 5);
                List<String> orders = new ArrayList<>();
                for (int i = 0; i < AGGREGATES; i++) {
                    orders.add(factory.newAggregateId(BoundedContext.ORDER));
                }
                String[] types = {"OrderCreated", "OrderItemAdded", "OrderSubmitted", "OrderConfirmed"};
                List<CompletableFuture<?>> acks = new ArrayList<>();
                for (int i = 0; i < EVENTS; i++) {
                    String order = orders.get(i % AGGREGATES);
                    DomainEvent e = factory.create(types[(i / AGGREGATES) % types.length], order);
                    published.computeIfAbsent(order, k -> new ArrayList<>()).add(e.eventId());
                    acks.add(first.publisher().publish(e));
                }
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();
                await().atMost(Duration.ofSeconds(60)).until(() -> StoreQueries.count(db) >= EVENTS / 4);
                ConsumerGroupRunner audit = first.runners().get(0);
                if (how.equals("crash")) {
                    audit.abort();
                } else {
                    audit.close();
                }
            } finally {
                first.close();
            }
            long storedAtStop = StoreQueries.count(db);
            assertThat(storedAtStop).isLessThan(EVENTS); // it really stopped mid-stream

            try (ReferenceSystem second = ReferenceSystem.builder(cluster).eventStore(settings).groups(List.of("audit"))
                    .start()) {
                await().atMost(Duration.ofSeconds(120)).until(() -> StoreQueries.count(db) == EVENTS);
                // Redelivered batches must not add rows either: wait until the group has caught up fully.
                await().atMost(Duration.ofSeconds(60)).until(() -> caughtUp(second));
            }
            assertThat(StoreQueries.count(db)).isEqualTo(EVENTS);
            Map<UUID, StoreQueries.Row> rows = StoreQueries.rows(db);
            assertThat(rows).hasSize(EVENTS);
            Map<String, Integer> checked = new HashMap<>();
            for (Map.Entry<String, List<UUID>> e : published.entrySet()) {
                assertThat(StoreQueries.stream(db, "Order", e.getKey())).as("order " + e.getKey())
                        .containsExactlyElementsOf(e.getValue());
                checked.merge("aggregates", 1, Integer::sum);
            }
            assertThat(checked.get("aggregates")).isEqualTo(AGGREGATES);
        }
    }

    /** Committed offsets of the audit group equal the log-end offsets of every order-events partition. */
    private boolean caughtUp(ReferenceSystem system) {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(cluster.connectionProperties())) {
            var committed = admin.listConsumerGroupOffsets(ReferenceSystem.groupId("audit"))
                    .partitionsToOffsetAndMetadata().get();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> wanted = new HashMap<>();
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
