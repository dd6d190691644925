package io.pipebench.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipebench.alarms.AlarmCatalog;
import io.pipebench.alarms.AlarmEvaluator;
import io.pipebench.alarms.AlarmHistory;
import io.pipebench.alarms.MetricSample;
import io.pipebench.alarms.MetricTimeline;
import io.pipebench.cluster.EmbeddedKafkaCluster;
import io.pipebench.topics.TopicCatalog;
import io.pipebench.topics.TopicPlanner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The lag monitor against a real 3-broker cluster with the catalog's topics. */
class ConsumerLagMonitorTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static EmbeddedKafkaCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedKafkaCluster.builder().brokers(3).start();
        admin = Admin.create(cluster.connectionProperties());
        new TopicPlanner(admin, cluster.describe(), Duration.ofSeconds(30)).apply(TopicCatalog.standard());
    }

    @AfterAll
    static void stopCluster() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void lagIsExactlyWhatWasProducedSinceTheLastCommitAndReturnsToZeroAfterCatchingUp() {
        String topic = "order-events"; // 12 partitions
        String group = "lag-test-" + UUID.randomUUID();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<LagSnapshot> seen = new CopyOnWriteArrayList<>();
        try (KafkaProducer<String, String> producer = producer();
             KafkaConsumer<String, String> consumer = consumer(group, "earliest");
             ConsumerLagMonitor monitor = ConsumerLagMonitor.builder(admin).group(group)
                     .interval(Duration.ofMillis(200)).meterRegistry(registry).perPartitionGauges(true)
                     .listener(seen::add).build()) {
            produce(producer, topic, p -> 2);
            consumer.subscribe(List.of(topic));
            consumeAndCommit(consumer, 24);

            monitor.start();
            await().atMost(WAIT).untilAsserted(() -> {
                GroupLag g = latest(monitor, group);
                assertThat(g.state()).isEqualTo(GroupState.STABLE.toString());
                assertThat(g.partitions()).hasSize(12).allSatisfy(p -> {
                    assertThat(p.status()).isEqualTo(LagStatus.OK);
                    assertThat(p.offsetLag()).hasValue(0);
                    assertThat(p.timeLagMs()).hasValue(0);
                });
            });

            // The consumer stops polling; partition p receives p + 1 records.
            produce(producer, topic, p -> p + 1);
            await().atMost(WAIT).untilAsserted(() -> {
                GroupLag g = latest(monitor, group);
                assertThat(g.status()).isEqualTo(LagStatus.OK);
                for (PartitionLag p : g.partitions()) {
                    assertThat(p.offsetLag()).as("partition %d", p.partition()).hasValue(p.partition() + 1);
                    assertThat(p.logEndOffset().getAsLong() - p.committedOffset().getAsLong())
                            .isEqualTo(p.partition() + 1);
                    // The monitor saw these partitions before the records arrived: an estimate, not a bound.
                    assertThat(p.timeLagLowerBound()).isFalse();
                    assertThat(p.timeLagMs().getAsLong()).as("time lag of partition %d", p.partition()).isPositive();
                }
                assertThat(g.sumLag()).hasValue(78);
                assertThat(g.maxLag()).hasValue(12);
                assertThat(gauge(registry, "kafka.consumer.lag", group, "sum")).isEqualTo(78.0);
                assertThat(gauge(registry, "kafka.consumer.lag", group, "max")).isEqualTo(12.0);
                assertThat(gauge(registry, "kafka.consumer.lag.seconds", group, "max")).isPositive();
                assertThat(registry.find(PipelineMeters.CONSUMER_PARTITION_LAG)
                        .tags("group", group, "topic", topic, "partition", "11").gauge().value()).isEqualTo(12.0);
            });

            // The listener's samples feed the alarm evaluator: 78 messages behind is below the 1000 threshold.
            List<MetricSample> all = seen.stream().flatMap(s -> s.toMetricSamples().stream()).toList();
            assertThat(all).isNotEmpty();
            AlarmHistory lag = AlarmEvaluator.evaluate(AlarmCatalog.standard().rule("high-consumer-lag").orElseThrow(),
                    MetricTimeline.of(all));
            assertThat(lag.worst().orElseThrow().value()).isEqualTo(78.0);
            assertThat(lag.alarmed()).isFalse();

            // The consumer resumes, catches up and commits: lag and time lag go back to 0.
            consumeAndCommit(consumer, 78);
            await().atMost(WAIT).untilAsserted(() -> {
                GroupLag g = latest(monitor, group);
                assertThat(g.partitions()).hasSize(12).allSatisfy(p -> {
                    assertThat(p.status()).isEqualTo(LagStatus.OK);
                    assertThat(p.offsetLag()).hasValue(0);
                    assertThat(p.timeLagMs()).hasValue(0);
                });
                assertThat(g.sumLag()).hasValue(0);
                assertThat(gauge(registry, "kafka.consumer.lag", group, "sum")).isEqualTo(0.0);
            });
        }
        // Closing the monitor removes its gauges.
        assertThat(registry.find("kafka.consumer.lag").tag("group", group).gauges()).isEmpty();
    }

    @Test
    void aGroupWithoutCommittedOffsetsReportsNoOffsetNotZero() {
        String idle = "never-committed-" + UUID.randomUUID();
        String member = "assigned-not-committed-" + UUID.randomUUID();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KafkaProducer<String, String> producer = producer();
             KafkaConsumer<String, String> consumer = consumer(member, "latest");
             ConsumerLagMonitor monitor = ConsumerLagMonitor.builder(cluster.connectionProperties())
                     .group(idle, List.of("customer-events")).group(member).meterRegistry(registry).build()) {
            produce(producer, "customer-events", p -> 3);
            produce(producer, "inventory-events", p -> 3);
            // A member that is assigned partitions but never commits.
            consumer.subscribe(List.of("inventory-events"));
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(100));
                return consumer.assignment().size() == 6;
            });

            LagSnapshot s = monitor.sample();
            GroupLag g = s.group(idle).orElseThrow();
            assertThat(g.status()).isEqualTo(LagStatus.NO_OFFSET);
            assertThat(g.members()).isZero();
            assertThat(g.partitions()).hasSize(6).allSatisfy(p -> {
                assertThat(p.status()).isEqualTo(LagStatus.NO_OFFSET);
                assertThat(p.committedOffset()).isEmpty();
                assertThat(p.offsetLag()).isEmpty();
                assertThat(p.timeLagMs()).isEmpty();
                assertThat(p.logEndOffset().getAsLong()).isGreaterThanOrEqualTo(3);
            });
            assertThat(g.maxLag()).isEmpty();
            assertThat(g.sumLag()).isEmpty();
            assertThat(gauge(registry, "kafka.consumer.lag", idle, "sum")).isNaN();

            GroupLag m = s.group(member).orElseThrow();
            assertThat(m.members()).isEqualTo(1);
            assertThat(m.status()).isEqualTo(LagStatus.NO_OFFSET);
            assertThat(m.partitions()).hasSize(6).allSatisfy(p -> {
                assertThat(p.topic()).isEqualTo("inventory-events");
                assertThat(p.status()).isEqualTo(LagStatus.NO_OFFSET);
                assertThat(p.offsetLag()).isEmpty();
            });
            assertThat(s.toMetricSamples()).isEmpty();
        }
    }

    @Test
    void anUnknownGroupIsReportedAsNotFoundUntilItExists() throws Exception {
        String ghost = "no-such-group-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = producer();
             ConsumerLagMonitor monitor = ConsumerLagMonitor.builder(admin).group(ghost).build()) {
            GroupLag g = monitor.sample().group(ghost).orElseThrow();
            assertThat(g.status()).isEqualTo(LagStatus.GROUP_NOT_FOUND);
            assertThat(g.partitions()).isEmpty();
            assertThat(g.sumLag()).isEmpty();

            // The group comes into being (offsets committed for it): the very next sample sees it.
            produce(producer, "dead-letter-queue", p -> 4);
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                offsets.put(new TopicPartition("dead-letter-queue", p), new OffsetAndMetadata(1));
            }
            admin.alterConsumerGroupOffsets(ghost, offsets).all().get();
            GroupLag now = monitor.sample().group(ghost).orElseThrow();
            assertThat(now.state()).isEqualTo(GroupState.EMPTY.toString());
            assertThat(now.status()).isEqualTo(LagStatus.OK);
            assertThat(now.partitions()).hasSize(3).allSatisfy(p -> assertThat(p.offsetLag()).hasValue(3));
            assertThat(now.sumLag()).hasValue(9);
        }
    }

    private static GroupLag latest(ConsumerLagMonitor monitor, String group) {
        // An AssertionError while no sample exists yet, so that Awaitility keeps waiting.
        assertThat(monitor.latest()).as("a first sample").isPresent();
        return monitor.latest().get().group(group).orElseThrow();
    }

    private static double gauge(SimpleMeterRegistry registry, String name, String group, String statistic) {
        Gauge g = registry.find(name).tags("group", group, "statistic", statistic).gauge();
        assertThat(g).as("%s{group=%s,statistic=%s}", name, group, statistic).isNotNull();
        return g.value();
    }

    private static void consumeAndCommit(KafkaConsumer<String, String> consumer, int records) {
        int[] consumed = {0};
        await().atMost(WAIT).until(() -> {
            consumed[0] += consumer.poll(Duration.ofMillis(100)).count();
            return consumed[0] >= records;
        });
        assertThat(consumed[0]).isEqualTo(records);
        consumer.commitSync();
    }

    private static void produce(KafkaProducer<String, String> producer, String topic,
                                java.util.function.IntUnaryOperator perPartition) {
        int partitions = TopicCatalog.standard().topic(topic).orElseThrow().partitions();
        for (int p = 0; p < partitions; p++) {
            for (int i = 0; i < perPartition.applyAsInt(p); i++) {
                producer.send(new ProducerRecord<>(topic, p, null, "record " + i));
            }
        }
        producer.flush();
    }

    private static KafkaProducer<String, String> producer() {
        Map<String, Object> props = new HashMap<>(cluster.connectionProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    private static KafkaConsumer<String, String> consumer(String group, String reset) {
        Map<String, Object> props = new HashMap<>(cluster.connectionProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, reset);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }
}
