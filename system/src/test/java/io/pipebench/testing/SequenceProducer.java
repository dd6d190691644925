package io.pipebench.testing;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sends the sequence 0, 1, 2, ... to a topic from a background thread at a steady rate, and remembers which
 * sequence numbers the brokers acknowledged, so a test can fault the cluster meanwhile and then check that every
 * acknowledged record is in the topic exactly once.
 */
public final class SequenceProducer implements AutoCloseable {

    private static final int BURST = 50;

    private final KafkaProducer<String, Long> producer;
    private final String topic;
    private final long nanosPerBurst;
    private final BitSet acked = new BitSet();
    private final AtomicLong ackCount = new AtomicLong();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicLong sent = new AtomicLong();
    private final Thread sender;
    private volatile boolean stopping;
    private volatile Throwable lastFailure;

    private SequenceProducer(Map<String, Object> producerProperties, String topic, int perSecond) {
        this.producer = new KafkaProducer<>(new HashMap<>(producerProperties), new StringSerializer(),
                new LongSerializer());
        this.topic = topic;
        this.nanosPerBurst = TimeUnit.SECONDS.toNanos(1) * BURST / perSecond;
        this.sender = new Thread(this::send, "sequence-producer-" + topic);
        sender.setDaemon(true);
    }

    /** Starts sending; the properties must include the connection and the delivery settings under test. */
    public static SequenceProducer start(Map<String, Object> producerProperties, String topic, int perSecond) {
        SequenceProducer p = new SequenceProducer(producerProperties, topic, perSecond);
        p.sender.start();
        return p;
    }

    private void send() {
        long next = System.nanoTime();
        for (int seq = 0; !stopping; seq++) {
            final int s = seq;
            producer.send(new ProducerRecord<>(topic, "key-" + (seq % 97), (long) seq), (md, e) -> {
                if (e == null) {
                    synchronized (acked) {
                        acked.set(s);
                    }
                    ackCount.incrementAndGet();
                } else {
                    lastFailure = e;
                    failures.incrementAndGet();
                }
            });
            sent.incrementAndGet();
            if (seq % BURST == BURST - 1) {
                // Rate pacing, not synchronisation: a fault test needs a steady trickle, not a flood of a 2-core box.
                next += nanosPerBurst;
                LockSupport.parkNanos(next - System.nanoTime());
            }
        }
    }

    public long acknowledged() {
        return ackCount.get();
    }

    /** Waits (bounded) until {@code more} records beyond those acknowledged now are acknowledged. */
    public void awaitMoreAcknowledged(long more, Duration atMost) {
        long target = acknowledged() + more;
        await().atMost(atMost).until(() -> acknowledged() >= target);
    }

    /** Stops sending and waits until every record sent has its answer, acknowledged or failed. */
    public void stop(Duration atMost) {
        stopping = true;
        await().atMost(atMost).until(() -> !sender.isAlive());
        producer.flush();
        await().atMost(atMost).until(() -> ackCount.get() + failures.get() == sent.get());
    }

    /**
     * Reads the topic from the start and asserts that every acknowledged sequence number is there once, and that
     * nothing (acknowledged or not) is there twice. Call after {@link #stop}.
     */
    public void assertEveryAcknowledgedRecordReadBackOnce(Map<String, Object> connection) {
        int[] seen = new int[(int) sent.get()];
        try (LongDeserializer values = new LongDeserializer()) {
            for (ConsumerRecord<byte[], byte[]> r : Clusters.readAll(connection, topic)) {
                seen[values.deserialize(topic, r.value()).intValue()]++;
            }
        }
        int missing = 0;
        int duplicates = 0;
        synchronized (acked) {
            for (int seq = 0; seq < seen.length; seq++) {
                if (acked.get(seq) && seen[seq] == 0) {
                    missing++;
                }
                if (seen[seq] > 1) {
                    duplicates++;
                }
            }
        }
        assertThat(ackCount.get()).as("acknowledged records of %d sent (%d failed, last: %s)", sent.get(),
                failures.get(), lastFailure).isPositive();
        assertThat(missing).as("acknowledged records not read back").isZero();
        assertThat(duplicates).as("records read back more than once").isZero();
    }

    @Override
    public void close() {
        stopping = true;
        producer.close(Duration.ofSeconds(10));
    }
}
