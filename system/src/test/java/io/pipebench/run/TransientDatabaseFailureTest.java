package io.pipebench.run;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.consume.DeadLetterHeaders;
import io.pipebench.consume.RetryPolicy;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventFactory;
import io.pipebench.store.Database;
import io.pipebench.store.EventStoreSettings;
import io.pipebench.testing.Clusters;
import io.pipebench.testing.StoreQueries;
import io.pipebench.testing.TestSchemas;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real transient database failure: another session holds an exclusive lock on the events table, so the audit
 * consumer's writes hit lock_timeout (SQLState 55P03). Released in time, the batch is retried and stored, with no
 * dead letter; held for good, the records are dead-lettered after the configured attempts.
 */
class TransientDatabaseFailureTest {

    private EmbeddedKafkaCluster cluster;
    private EventStoreSettings settings;

    @BeforeEach
    void start() {
        cluster = Clusters.freshWithCatalog();
        settings = TestSchemas.fresh("transient");
    }

    @AfterEach
    void stop() {
        try (Database db = Database.open(settings)) {
            StoreQueries.dropSchema(db);
        }
        cluster.close();
    }

    @Test
    void aLockHeldForAWhileIsRetriedAndThenSucceedsWithoutADeadLetter() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (ReferenceSystem system = ReferenceSystem.builder(cluster).eventStore(settings).groups(List.of("audit"))
                .retry(new RetryPolicy(Duration.ofMillis(500), 20)).lockTimeout(Duration.ofMillis(300))
                .meterRegistry(meters).start();
             Database db = Database.open(settings);
             Connection locker = db.dataSource().getConnection()) {
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("LOCK TABLE " + settings.schema() + ".events IN ACCESS EXCLUSIVE MODE");
            }
            List<DomainEvent> events = publish(system, 5);

            await().atMost(Duration.ofSeconds(60)).until(() -> failures(meters) >= 1);
            locker.commit(); // the database "recovers"

            await().atMost(Duration.ofSeconds(60)).until(() -> StoreQueries.count(db) == events.size());
            assertThat(StoreQueries.rows(db).keySet())
                    .containsExactlyInAnyOrderElementsOf(events.stream().map(DomainEvent::eventId).toList());
            assertThat(Clusters.readAll(cluster.connectionProperties(), "dead-letter-queue")).isEmpty();
            assertThat(failures(meters)).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void aLockHeldForGoodExhaustsTheRetriesAndDeadLettersWithTheAttempts() throws Exception {
        try (ReferenceSystem system = ReferenceSystem.builder(cluster).eventStore(settings).groups(List.of("audit"))
                .retry(new RetryPolicy(Duration.ofMillis(100), 2)).lockTimeout(Duration.ofMillis(200)).start();
             Database db = Database.open(settings);
             Connection locker = db.dataSource().getConnection()) {
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("LOCK TABLE " + settings.schema() + ".events IN ACCESS EXCLUSIVE MODE");
            }
            List<DomainEvent> events = publish(system, 3);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    Clusters.readAll(cluster.connectionProperties(), "dead-letter-queue").size() == events.size());
            locker.rollback();
            for (ConsumerRecord<byte[], byte[]> r : Clusters.readAll(cluster.connectionProperties(), "dead-letter-queue")) {
                assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo("retries-exhausted");
                assertThat(header(r, DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("lock");
                // 3 deliveries of the batch (1 + 2 retries), then one of the record on its own.
                assertThat(header(r, DeadLetterHeaders.ATTEMPTS)).isEqualTo("4");
            }
            assertThat(StoreQueries.count(db)).isZero();
        }
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

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
