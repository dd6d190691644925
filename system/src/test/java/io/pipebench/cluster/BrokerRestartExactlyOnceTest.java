package io.pipebench.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One broker stopped and restarted in the middle of a run of an acks=all idempotent producer (RF 3, min ISR 2):
 * every acknowledged record is read back exactly once.
 */
class BrokerRestartExactlyOnceTest {

    private static final String TOPIC = "restart-test";
    private static final int RECORDS = 40_000;

    @Test
    void everyAcknowledgedRecordIsReadBackExactlyOnce() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().brokers(3).start();
             Admin admin = Admin.create(cluster.connectionProperties())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get();

            BitSet acked = new BitSet(RECORDS);
            AtomicLong ackCount = new AtomicLong();
            AtomicInteger failures = new AtomicInteger();
            // The system's own producer settings: the design document's (acks=all, idempotence, 3 retries).
            Map<String, Object> producerProps = new HashMap<>(io.pipebench.publish.ProducerProfiles.seed());
            producerProps.putAll(cluster.connectionProperties());

            CompletableFuture<Void> producing;
            try (KafkaProducer<String, Long> producer =
                         new KafkaProducer<>(producerProps, new StringSerializer(), new LongSerializer())) {
                producing = CompletableFuture.runAsync(() -> {
                    for (int seq = 0; seq < RECORDS; seq++) {
                        final int s = seq;
                        producer.send(new ProducerRecord<>(TOPIC, "key-" + (seq % 97), (long) seq), (md, e) -> {
                            if (e == null) {
                                synchronized (acked) {
                                    acked.set(s);
                                }
                                ackCount.incrementAndGet();
                            } else {
                                failures.incrementAndGet();
                            }
                        });
                    }
                });
                await().atMost(Duration.ofSeconds(60)).until(() -> ackCount.get() >= RECORDS / 4);
                cluster.stopBroker(2);
                long ackedWhileDown = ackCount.get();
                await().atMost(Duration.ofSeconds(60)).until(() -> ackCount.get() >= ackedWhileDown + RECORDS / 4
                        || producing.isDone());
                cluster.startBroker(2);
                producing.get();
                producer.flush();
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> ackCount.get() + failures.get() == RECORDS);

            int[] seen = readAll(cluster);
            int duplicates = 0;
            int missing = 0;
            for (int seq = 0; seq < RECORDS; seq++) {
                if (acked.get(seq) && seen[seq] == 0) {
                    missing++;
                }
                if (seen[seq] > 1) {
                    duplicates++;
                }
            }
            assertThat(ackCount.get()).as("acknowledged records").isGreaterThan(RECORDS / 2);
            assertThat(missing).as("acknowledged records not read back").isZero();
            assertThat(duplicates).as("records read back more than once").isZero();
        }
    }

    private static int[] readAll(EmbeddedKafkaCluster cluster) {
        Map<String, Object> props = new HashMap<>(cluster.connectionProperties());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        int[] seen = new int[RECORDS];
        try (KafkaConsumer<String, Long> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new LongDeserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, 3).mapToObj(p -> new TopicPartition(TOPIC, p))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(200))) {
                    seen[r.value().intValue()]++;
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        return seen;
    }
}
