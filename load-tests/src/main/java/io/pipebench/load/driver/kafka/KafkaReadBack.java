package io.pipebench.load.driver.kafka;

import io.pipebench.load.driver.ConsumerCallback;
import io.pipebench.load.driver.ReadBack;
import io.pipebench.load.driver.RunTag;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads every partition of the event topics from their ends at start, on its own thread and without a consumer group
 * (assigned partitions: no rebalance can replay or skip records), and reports each record of the run to a sink with
 * its sequence number and when it was read. {@link #awaitCaughtUp} waits until it has read up to the log ends of that
 * moment, so lost records are counted only after everything written was read.
 */
public final class KafkaReadBack implements ReadBack {

    private static final Logger log = LoggerFactory.getLogger(KafkaReadBack.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final long runKey;
    private final ConsumerCallback sink;
    private final Thread thread;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean drainRequested;
    private volatile boolean running = true;
    private Map<TopicPartition, Long> drainTargets;
    private long lastErrorLogNanos;

    private KafkaReadBack(KafkaConsumer<byte[], byte[]> consumer, long runKey, ConsumerCallback sink, String name) {
        this.consumer = consumer;
        this.runKey = runKey;
        this.sink = sink;
        this.thread = new Thread(this::run, "e2e-tracker-" + name);
        this.thread.setDaemon(true);
    }

    /** Assigns every partition of the topics at their current end and starts reading. */
    public static KafkaReadBack start(Map<String, Object> connection, Collection<String> topics, String runId,
                                      ConsumerCallback sink) {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "pipebench-e2e-" + runId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalStateException("Topic '" + topic + "' has no partitions; the end-to-end tracker "
                            + "cannot read it");
                }
                infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(tp -> consumer.position(tp, Duration.ofSeconds(30))); // resolve the ends now
        } catch (RuntimeException e) {
            consumer.close(Duration.ofSeconds(5));
            throw e;
        }
        KafkaReadBack tracker = new KafkaReadBack(consumer, RunTag.key(runId), sink, runId);
        tracker.thread.start();
        return tracker;
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(100));
                } catch (WakeupException e) {
                    break;
                } catch (RuntimeException e) {
                    logThrottled("poll failed: " + e);
                    continue;
                }
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    OptionalLong seq = RunHeaders.sequence(r.headers(), runKey);
                    if (seq.isPresent()) {
                        sink.read(seq.getAsLong(), now);
                    }
                }
                if (drainRequested && caughtUp.getCount() > 0) {
                    checkCaughtUp();
                }
            }
        } catch (RuntimeException e) {
            log.error("The end-to-end tracker stopped: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void checkCaughtUp() {
        try {
            if (drainTargets == null) {
                drainTargets = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(10));
            }
            for (Map.Entry<TopicPartition, Long> e : drainTargets.entrySet()) {
                if (consumer.position(e.getKey(), Duration.ofSeconds(10)) < e.getValue()) {
                    return;
                }
            }
            caughtUp.countDown();
        } catch (RuntimeException e) {
            logThrottled("checking the log ends failed: " + e);
        }
    }

    private void logThrottled(String message) {
        long now = System.nanoTime();
        if (now - lastErrorLogNanos > TimeUnit.SECONDS.toNanos(10)) {
            lastErrorLogNanos = now;
            log.warn("End-to-end tracker: {}", message);
        }
    }

    /**
     * Waits until the tracker has read every partition up to its log end as of this call (all acknowledged records
     * of the run are then read, unless lost). False on timeout.
     */
    @Override
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        drainRequested = true;
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
