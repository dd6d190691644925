package io.pipebench.consume;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventFactory;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.JsonEventCodec;
import io.pipebench.metrics.PipelineMeters;
import io.pipebench.publish.EventPublisher;
import io.pipebench.publish.ProducerProfiles;
import io.pipebench.publish.PublishResult;
import io.pipebench.publish.TopicRouter;
import io.pipebench.testing.Clusters;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The per-record path: transient failures are retried with backoff; a failing dead-letter topic holds the offset. */
class GroupMemberRetryTest {

    private static final String GROUP = "retry-test";

    private final EventTypeRegistry registry = EventTypeRegistry.standard();
    private final JsonEventCodec codec = new JsonEventCodec(registry);
    private EmbeddedKafkaCluster cluster;
    private SimpleMeterRegistry meterRegistry;
    private PipelineMeters meters;
    private DeadLetterPublisher deadLetters;

    @BeforeEach
    void start() {
        cluster = Clusters.freshWithCatalog();
        meterRegistry = new SimpleMeterRegistry();
        meters = new PipelineMeters(meterRegistry);
        deadLetters = DeadLetterPublisher.create(cluster.connectionProperties(), meters);
    }

    @AfterEach
    void stop() {
        deadLetters.close();
        cluster.close();
    }

    @Test
    void aTransientFailureIsRetriedWithBackoffAndThenHandledOnce() throws Exception {
        DomainEvent flaky = EventFactory.samplePaymentFailed();
        Map<UUID, Integer> handled = new ConcurrentHashMap<>();
        AtomicInteger failuresLeft = new AtomicInteger(2);
        EventHandler handler = events -> {
            for (ConsumedEvent e : events) {
                if (e.event().eventId().equals(flaky.eventId()) && failuresLeft.getAndDecrement() > 0) {
                    throw new IllegalStateException("downstream briefly unavailable");
                }
                handled.merge(e.event().eventId(), 1, Integer::sum);
            }
        };
        PublishResult at = publish(flaky);
        try (ConsumerGroupRunner runner = runner(handler, new RetryPolicy(Duration.ofMillis(300), 3))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> handled.containsKey(flaky.eventId()));
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(at) == at.offset() + 1);
        }
        assertThat(handled.get(flaky.eventId())).isEqualTo(1);
        assertThat(failures()).isEqualTo(2);
        assertThat(Clusters.readAll(cluster.connectionProperties(), "dead-letter-queue")).isEmpty();
    }

    @Test
    void whenTheDeadLetterTopicFailsTheOffsetStaysUncommittedUntilItWorks() throws Exception {
        try (Admin admin = Admin.create(cluster.connectionProperties())) {
            admin.deleteTopics(List.of("dead-letter-queue")).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> !admin.listTopics().names().get()
                    .contains("dead-letter-queue"));
            DomainEvent poison = EventFactory.sampleOrderCreated();
            EventHandler rejectsPoison = events -> {
                for (ConsumedEvent e : events) {
                    if (e.event().eventId().equals(poison.eventId())) {
                        throw new NonRetryableException("order total does not match its items");
                    }
                }
            };
            PublishResult at = publish(poison);
            try (ConsumerGroupRunner runner = runner(rejectsPoison, new RetryPolicy(Duration.ofMillis(200), 0))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> deadLetterFailures() >= 1);
                assertThat(committed(at)).as("nothing committed past the record whose dead letter failed")
                        .isLessThanOrEqualTo(at.offset());

                admin.createTopics(List.of(new NewTopic("dead-letter-queue", 3, (short) 3)
                        .configs(Map.of("min.insync.replicas", "2")))).all().get();
                await().atMost(Duration.ofSeconds(90)).until(() -> committed(at) == at.offset() + 1);
            }
            var letters = Clusters.readAll(cluster.connectionProperties(), "dead-letter-queue");
            assertThat(letters).hasSize(1);
            assertThat(new String(letters.get(0).headers().lastHeader(DeadLetterHeaders.REASON).value()))
                    .isEqualTo("non-retryable");
        }
    }

    private ConsumerGroupRunner runner(EventHandler handler, RetryPolicy retry) {
        ConsumerGroupSpec spec = ConsumerGroupSpec.of(GROUP, List.of("order-events", "payment-events"), handler, false)
                .withConcurrency(1).withRetry(retry);
        return ConsumerGroupRunner.start(spec, cluster.connectionProperties(), codec, deadLetters, meters);
    }

    private PublishResult publish(DomainEvent e) throws Exception {
        try (EventPublisher publisher = EventPublisher.create(cluster, ProducerProfiles.seed(), codec, registry,
                TopicRouter.standard(registry), new PipelineMeters(new SimpleMeterRegistry()))) {
            return publisher.publish(e).get();
        }
    }

    private long committed(PublishResult at) {
        TopicPartition tp = new TopicPartition(at.topic(), at.partition());
        try (Admin admin = Admin.create(cluster.connectionProperties())) {
            OffsetAndMetadata o = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get().get(tp);
            return o == null ? -1 : o.offset();
        } catch (Exception e) {
            return -1;
        }
    }

    private double failures() {
        return meterRegistry.find("kafka.consumer.process.failure").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private double deadLetterFailures() {
        var c = meterRegistry.find(PipelineMeters.DEAD_LETTER_FAILURES).counter();
        return c == null ? 0 : c.count();
    }

}
