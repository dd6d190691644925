package io.pipebench.run;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventFactory;
import io.pipebench.events.EventType;
import io.pipebench.events.OrderCreated;
import io.pipebench.store.Database;
import io.pipebench.store.EventStoreSettings;
import io.pipebench.testing.Clusters;
import io.pipebench.testing.StoreQueries;
import io.pipebench.testing.TestSchemas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every event type: publish, topic by route, the four groups consume, the audit group stores it right. */
class PipelineRoundTripTest {

    private static EmbeddedKafkaCluster cluster;
    private static EventStoreSettings settings;

    @BeforeAll
    static void start() {
        cluster = Clusters.freshWithCatalog();
        settings = TestSchemas.fresh("roundtrip");
    }

    @AfterAll
    static void stop() {
        try (Database db = Database.open(settings)) {
            StoreQueries.dropSchema(db);
        }
        cluster.close();
    }

    @Test
    void everyEventTypeIsPublishedRoutedConsumedAndStoredWithItsTypeVersionAndJson() throws Exception {
        SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();
        try (ReferenceSystem system = ReferenceSystem.builder(cluster).eventStore(settings)
                .meterRegistry(meterRegistry).start();
             Database db = Database.open(settings)) {
            EventFactory factory = new EventFactory(system.registry(), 11);
            List<DomainEvent> sent = new ArrayList<>();
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (EventType type : system.registry().all()) {
                DomainEvent e = factory.create(type.name());
                sent.add(e);
                acks.add(system.publisher().publish(e));
            }
            // Three more events of one order: versions must follow publish order.
            String orderId = factory.newAggregateId(io.pipebench.events.BoundedContext.ORDER);
            List<UUID> orderStream = new ArrayList<>();
            for (String type : List.of("OrderCreated", "OrderItemAdded", "OrderSubmitted")) {
                DomainEvent e = factory.create(type, orderId);
                sent.add(e);
                orderStream.add(e.eventId());
                acks.add(system.publisher().publish(e));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();

            await().atMost(Duration.ofSeconds(60)).until(() -> StoreQueries.count(db) == sent.size());
            Map<UUID, StoreQueries.Row> rows = StoreQueries.rows(db);
            for (DomainEvent e : sent) {
                StoreQueries.Row row = rows.get(e.eventId());
                EventType type = system.registry().typeOf(e);
                assertThat(row).as(type.name()).isNotNull();
                assertThat(row.eventType()).isEqualTo(type.name());
                assertThat(row.aggregateType()).isEqualTo(e.aggregateType());
                assertThat(row.aggregateId()).isEqualTo(e.aggregateId());
                assertThat(system.codec().decode(row.eventType(), 1, row.data().getBytes(StandardCharsets.UTF_8)))
                        .as(type.name() + " JSON").isEqualTo(e);
                assertThat(row.metadata()).contains("\"topic\": \"" + system.router().topicFor(e) + "\"");
                if (!orderStream.contains(e.eventId())) {
                    assertThat(row.version()).isEqualTo(1);
                }
            }
            assertThat(StoreQueries.stream(db, "Order", orderId)).containsExactlyElementsOf(orderStream);
            assertThat(rows.get(orderStream.get(2)).version()).isEqualTo(3);
            assertThat(sent.get(sent.size() - 3)).isInstanceOf(OrderCreated.class);

            // The other three groups consumed what they subscribe to: customer events are read by notification,
            // analytics and audit; inventory by analytics, audit and reporting; order and payment by all four.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(consumed(meterRegistry, "customer-events")).isEqualTo(11 * 3);
                assertThat(consumed(meterRegistry, "order-events")).isEqualTo((6 + 3) * 4);
                assertThat(consumed(meterRegistry, "payment-events")).isEqualTo(4 * 4);
                assertThat(consumed(meterRegistry, "inventory-events")).isEqualTo(3 * 3);
            });
            assertThat(meterRegistry.get("kafka.consumer.process.success").tag("event_type", "PaymentFailed")
                    .counters().stream().mapToDouble(c -> c.count()).sum()).isEqualTo(4);
            assertThat(meterRegistry.find("kafka.consumer.process.failure").counters().stream()
                    .mapToDouble(c -> c.count()).sum()).isZero();
        }
    }

    private static double consumed(SimpleMeterRegistry r, String topic) {
        var c = r.find("kafka.messages.consumed").tag("topic", topic).counter();
        return c == null ? 0 : c.count();
    }
}
