package io.pipebench.profile;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the polls that returned records, and their records, per consumer client id: the profile's records per poll.
 * A consumer interceptor (Kafka calls it on every such poll) hands the records back untouched. The consumer metrics
 * have no poll count, only a windowed time between polls.
 */
public final class PollCounter implements ConsumerInterceptor<Object, Object> {

    /** Polls and records per client id; {@code [polls, records]}. */
    private static final Map<String, LongAdder[]> COUNTS = new ConcurrentHashMap<>();

    private LongAdder[] mine = new LongAdder[] {new LongAdder(), new LongAdder()};

    @Override
    public void configure(Map<String, ?> configs) {
        Object id = configs.get(ConsumerConfig.CLIENT_ID_CONFIG);
        mine = COUNTS.computeIfAbsent(String.valueOf(id), k -> new LongAdder[] {new LongAdder(), new LongAdder()});
    }

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        if (!records.isEmpty()) {
            mine[0].increment();
            mine[1].add(records.count());
        }
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
    }

    /** {@code [polls with records, records]} so far, summed over the client ids starting with this prefix. */
    public static long[] countsFor(String clientIdPrefix) {
        long polls = 0;
        long records = 0;
        for (Map.Entry<String, LongAdder[]> e : COUNTS.entrySet()) {
            if (e.getKey().startsWith(clientIdPrefix)) {
                polls += e.getValue()[0].sum();
                records += e.getValue()[1].sum();
            }
        }
        return new long[] {polls, records};
    }
}
