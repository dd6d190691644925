package io.pipebench.consume;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead-letter producer compresses (a dead letter carries the whole original record and its dlq-* headers), waits
 * for every replica, and gives up well within max.poll.interval.ms (300 s): a dead-letter topic that cannot be written
 * must surface as a failed send, not as an evicted member.
 */
class DeadLetterPublisherConfigTest {

    @Test
    void compressedDurableAndBoundedOnTheGivenConnection() {
        Map<String, Object> config = DeadLetterPublisher.producerConfig(Map.of("bootstrap.servers", "b:9096",
                "security.protocol", "SASL_SSL", "client.id", "audit-dlq"));
        assertThat(config).containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "snappy")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "audit-dlq");
        int delivery = (Integer) config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        int block = (Integer) config.get(ProducerConfig.MAX_BLOCK_MS_CONFIG);
        assertThat(delivery + block).as("the longest a dead-letter send can hold its member, ms")
                .isLessThan((Integer) ConsumerSettings.document().get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG) / 10);
        assertThat(DeadLetterPublisher.producerConfig(Map.of("bootstrap.servers", "b:9092")))
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "pipebench-dead-letters");
    }
}
