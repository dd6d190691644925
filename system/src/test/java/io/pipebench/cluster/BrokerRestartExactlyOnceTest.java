package io.pipebench.cluster;

import io.pipebench.publish.ProducerProfiles;
import io.pipebench.testing.SequenceProducer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One broker stopped and restarted in the middle of a run of an acks=all idempotent producer (RF 3, min ISR 2):
 * every acknowledged record is read back exactly once.
 */
class BrokerRestartExactlyOnceTest {

    private static final String TOPIC = "restart-test";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void everyAcknowledgedRecordIsReadBackExactlyOnce() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().brokers(3).start();
             Admin admin = Admin.create(cluster.connectionProperties())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get();

            // The system's own producer settings: the design document's (acks=all, idempotence, 3 retries).
            Map<String, Object> producerProps = new HashMap<>(ProducerProfiles.seed());
            producerProps.putAll(cluster.connectionProperties());
            try (SequenceProducer producer = SequenceProducer.start(producerProps, TOPIC, 5_000)) {
                producer.awaitMoreAcknowledged(10_000, WAIT);
                cluster.stopBroker(2);
                producer.awaitMoreAcknowledged(10_000, WAIT);
                cluster.startBroker(2);
                producer.awaitMoreAcknowledged(10_000, WAIT);
                producer.stop(Duration.ofSeconds(120));
                producer.assertEveryAcknowledgedRecordReadBackOnce(cluster.connectionProperties());
            }
        }
    }
}
