package io.pipebench.run;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipebench.consume.RetryPolicy;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventFactory;
import io.pipebench.store.Database;
import io.pipebench.testing.Clusters;
import io.pipebench.testing.StoreQueries;
import io.pipebench.testing.FreshClusterAndSchema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real transient database failure: another session holds an exclusive lock on the events table, so the audit
 * consumer's writes hit lock_timeout (SQLState 55P03), an outage. Released, the batch is retried and stored, with no
 * dead letter; held far longer than a failing batch's whole retries and than max.poll.interval.ms, it is still
 * retried without a dead letter, the member keeps polling (never evicted), and the backlog drains exactly once.
 */
class TransientDatabaseFailureTest {

    @RegisterExtension
    final FreshClusterAndSchema fixture = new FreshClusterAndSchema("transient");

    @Test
    void aLockHeldForAWhileIsRetriedAndThenSucceedsWithoutADeadLetter() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (ReferenceSystem system = ReferenceSystem.builder(fixture.cluster()).eventStore(fixture.settings())
                .groups(List.of("audit"))
                .retry(new RetryPolicy(Duration.ofMillis(500), 20)).lockTimeout(Duration.ofMillis(300))
                .meterRegistry(meters).start();
             Database db = Database.open(fixture.settings());
             Connection locker = db.dataSource().getConnection()) {
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("LOCK TABLE " + fixture.settings().schema() + ".events IN ACCESS EXCLUSIVE MODE");
            }
            List<DomainEvent> events = publish(system, 5);

            await().atMost(Duration.ofSeconds(60)).until(() -> failures(meters) >= 1);
            locker.commit(); // the database "recovers"

            await().atMost(Duration.ofSeconds(60)).until(() -> StoreQueries.count(db) == events.size());
            assertThat(StoreQueries.rows(db).keySet())
                    .containsExactlyInAnyOrderElementsOf(events.stream().map(DomainEvent::eventId).toList());
            assertThat(Clusters.readAll(fixture.cluster().connectionProperties(), "dead-letter-queue")).isEmpty();
            assertThat(failures(meters)).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void anOutageLongerThanTheRetryBudgetAndThePollIntervalIsRetriedWithoutADeadLetterOrAnEviction() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), 2, Duration.ofMillis(400));
        Duration pollInterval = Duration.ofSeconds(4);
        try (ReferenceSystem system = ReferenceSystem.builder(fixture.cluster()).eventStore(fixture.settings())
                .groups(List.of("audit"))
                .concurrency(1).retry(policy).lockTimeout(Duration.ofMillis(200)).meterRegistry(meters)
                .consumerOverrides(Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) pollInterval.toMillis()))
                .start();
             Database db = Database.open(fixture.settings());
             Connection locker = db.dataSource().getConnection();
             Admin admin = Admin.create(fixture.cluster().connectionProperties())) {
            assertThat(system.awaitGroupsReady(Duration.ofSeconds(60))).isTrue();
            String member = memberIdOf(admin);
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("LOCK TABLE " + fixture.settings().schema() + ".events IN ACCESS EXCLUSIVE MODE");
            }
            List<DomainEvent> events = publish(system, 30);
            long outageStart = System.nanoTime();

            // Far more failed attempts than a failing batch gets whole, and longer than the poll interval.
            await().atMost(Duration.ofSeconds(90)).until(() -> failures(meters) >= 4 * policy.maxAttempts()
                    && System.nanoTime() - outageStart > pollInterval.multipliedBy(2).toNanos());
            assertThat(Clusters.readAll(fixture.cluster().connectionProperties(), "dead-letter-queue")).isEmpty();
            locker.commit(); // the database "recovers"

            await().atMost(Duration.ofSeconds(60)).until(() -> StoreQueries.count(db) == events.size());
            assertThat(StoreQueries.rows(db).keySet())
                    .containsExactlyInAnyOrderElementsOf(events.stream().map(DomainEvent::eventId).toList());
            assertThat(Clusters.readAll(fixture.cluster().connectionProperties(), "dead-letter-queue")).isEmpty();
            assertThat(memberIdOf(admin)).as("the same member throughout: it kept polling, never evicted")
                    .isEqualTo(member);
            assertThat(system.meters().memberFailuresOf(ReferenceSystem.groupId("audit"))).isZero();
        }
    }

    private static String memberIdOf(Admin admin) throws Exception {
        String group = ReferenceSystem.groupId("audit");
        var members = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().members();
        assertThat(members).hasSize(1);
        return members.iterator().next().consumerId();
    }

    private static List<DomainEvent> publish(ReferenceSystem system, int n) throws Exception {
        EventFactory factory = new EventFactory(system.registry(), 3);
        List<DomainEvent> events = new ArrayList<>();
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            DomainEvent e = factory.create("OrderCreated");
            events.add(e);
            acks.add(system.publisher().publish(e));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();
        return events;
    }

    private static double failures(SimpleMeterRegistry meters) {
        return meters.find("kafka.consumer.process.failure").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
