package io.pipebench.consume;

import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/** The design document's consumer settings (KafkaConsumerConfiguration), value for value. */
public final class ConsumerSettings {

    /** The document's listener concurrency. */
    public static final int DOCUMENT_CONCURRENCY = 3;

    private ConsumerSettings() {
    }

    public static Map<String, Object> document() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1024);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300000);
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30000);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 10000);
        return p;
    }
}
