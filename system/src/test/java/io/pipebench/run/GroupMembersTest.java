package io.pipebench.run;

import io.pipebench.consume.ConsumerGroupRunner;
import io.pipebench.consume.ConsumerSettings;
import io.pipebench.consume.GroupNames;
import io.pipebench.events.BoundedContext;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventFactory;
import io.pipebench.store.Database;
import io.pipebench.testing.FreshClusterAndSchema;
import io.pipebench.testing.StoreQueries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A profile may run one group with more members than the others: the audit group with two, both take partitions,
 * and together they store every event once, each stream in publish order.
 */
class GroupMembersTest {

    @RegisterExtension
    final FreshClusterAndSchema fixture = new FreshClusterAndSchema("auditmembers");

    @Test
    void twoAuditMembersShareThePartitionsAndStoreEveryEventOnceInOrder() throws Exception {
        ConsumerSettings.Profile t = ConsumerSettings.tuned();
        ConsumerSettings.Profile twoAudit = new ConsumerSettings.Profile(t.name(), t.properties(),
                t.membersPerGroup(), t.commitInterval(), Map.of(GroupNames.AUDIT, 2));
        java.util.Set<String> auditThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (ReferenceSystem system = ReferenceSystem.builder(fixture.cluster()).eventStore(fixture.settings())
                .groups(List.of(GroupNames.AUDIT, GroupNames.NOTIFICATION)).consumerProfile(twoAudit)
                .handledListener((groupId, events, nanos, cpu) -> {
                    if (ReferenceSystem.groupName(groupId).equals(GroupNames.AUDIT)) {
                        auditThreads.add(Thread.currentThread().getName()); // the listener runs on the member's thread
                    }
                }).start();
             Database db = Database.open(fixture.settings())) {
            ConsumerGroupRunner audit = system.runners().stream()
                    .filter(r -> ReferenceSystem.groupName(r.groupId()).equals(GroupNames.AUDIT)).findFirst().orElseThrow();
            ConsumerGroupRunner notification = system.runners().stream()
                    .filter(r -> ReferenceSystem.groupName(r.groupId()).equals(GroupNames.NOTIFICATION)).findFirst()
                    .orElseThrow();
            assertThat(audit.spec().concurrency()).isEqualTo(2);
            assertThat(notification.spec().concurrency()).as("the other groups keep the profile's one member")
                    .isEqualTo(1);
            await().atMost(Duration.ofSeconds(60)).until(() -> audit.membersWithPartitions() == 2);

            EventFactory factory = new EventFactory(system.registry(), 7);
            List<String> orders = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                orders.add(factory.newAggregateId(BoundedContext.ORDER));
            }
            Map<String, List<UUID>> streams = new java.util.LinkedHashMap<>();
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (String type : List.of("OrderCreated", "OrderItemAdded", "OrderSubmitted")) {
                for (String id : orders) {
                    DomainEvent e = factory.create(type, id);
                    streams.computeIfAbsent(id, k -> new ArrayList<>()).add(e.eventId());
                    acks.add(system.publisher().publish(e));
                }
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();

            await().atMost(Duration.ofSeconds(60)).until(() -> StoreQueries.count(db) == 3L * orders.size());
            for (String id : orders) {
                assertThat(StoreQueries.stream(db, "Order", id)).as(id).containsExactlyElementsOf(streams.get(id));
            }
            assertThat(auditThreads).as("both members stored events").hasSize(2);
            assertThat(audit.failures()).isEmpty();
        }
    }
}
