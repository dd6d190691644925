package io.pipebench.consume;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipebench.metrics.PipelineMeters;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tuned profile's commit interval: fewer commits than polls, never past an unprocessed record, the last offsets
 * committed once the partition goes quiet, and a failed commit carried again without new records.
 */
class GroupMemberCommitIntervalTest {

    private static final TopicPartition TP = new TopicPartition("order-events", 0);
    private static final int RECORDS = 20;


    @Test
    void commitsLessOftenThanItPollsAndCommitsTheLastOffsetsOnceQuiet() throws Exception {
        AtomicInteger commits = new AtomicInteger();
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
            @Override
            public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
                                                 OffsetCommitCallback callback) {
                if (callback != null) {
                    commits.incrementAndGet();
                }
                super.commitAsync(offsets, callback);
            }
        };
        AtomicInteger handled = new AtomicInteger();
        runUntil(consumer, handled, Duration.ofMillis(500), () -> handled.get() == RECORDS
                && committed(consumer) == RECORDS);
        assertThat(commits.get()).as("one commit per poll would be " + RECORDS).isLessThan(RECORDS / 2);
    }

    @Test
    void aFailedCommitIsCarriedAgainWithoutNewRecords() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
            @Override
            public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
                                                 OffsetCommitCallback callback) {
                if (callback != null && attempts.incrementAndGet() == 1) {
                    callback.onComplete(offsets, new RetriableCommitFailedException("the coordinator moved"));
                    return;
                }
                super.commitAsync(offsets, callback);
            }
        };
        AtomicInteger handled = new AtomicInteger();
        // Records arrive in one poll, so the only later commits are the interval's carrying the failed offsets again.
        runUntil(consumer, handled, Duration.ofMillis(50), () -> handled.get() == RECORDS
                && committed(consumer) == RECORDS);
        assertThat(attempts.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void stoppingCommitsWhatWasProcessedBeforeTheIntervalComes() throws Exception {
        // What `pipebench run` relies on at Ctrl-C or SIGTERM: the interval has not come, the stop commits anyway.
        AtomicLong lastCommitted = new AtomicLong(-1); // the consumer is closed by then: committed() would throw
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
            @Override
            public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
                                                 OffsetCommitCallback callback) {
                super.commitAsync(offsets, callback); // MockConsumer's commitSync comes through here too
                if (offsets.containsKey(TP)) {
                    lastCommitted.set(offsets.get(TP).offset());
                }
            }
        };
        queueRecords(consumer, true);
        AtomicInteger handled = new AtomicInteger();
        ConsumerSettings.Profile profile = new ConsumerSettings.Profile("test", ConsumerSettings.document(), 1,
                Duration.ofHours(1));
        ConsumerGroupSpec spec = ConsumerGroupSpec.of("stop-test", List.of(TP.topic()),
                events -> handled.addAndGet(events.size()), false).withProfile(profile);
        PipelineMeters meters = new PipelineMeters(new SimpleMeterRegistry());
        try (DeadLetterPublisher deadLetters = MemberFixture.deadLetters(meters)) {
            GroupMember member = new GroupMember(consumer, spec, MemberFixture.CODEC, deadLetters, meters);
            Thread thread = new Thread(member, "stop-test-member");
            thread.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.get() == RECORDS);
            assertThat(lastCommitted.get()).as("nothing committed while the hour-long interval runs").isEqualTo(-1);
            member.stop();
            thread.join(Duration.ofSeconds(30).toMillis());
            assertThat(thread.isAlive()).isFalse();
            assertThat(member.failure()).isNull();
        }
        assertThat(lastCommitted.get()).as("the stop's commit: every processed record").isEqualTo(RECORDS);
    }

    private void runUntil(MockConsumer<byte[], byte[]> consumer, AtomicInteger handled, Duration interval,
                          java.util.concurrent.Callable<Boolean> done) throws Exception {
        queueRecords(consumer, interval.toMillis() < 100);
        ConsumerSettings.Profile profile = new ConsumerSettings.Profile("test", ConsumerSettings.document(), 1,
                interval);
        ConsumerGroupSpec spec = ConsumerGroupSpec.of("interval-test", List.of(TP.topic()),
                events -> handled.addAndGet(events.size()), false).withProfile(profile);
        PipelineMeters meters = new PipelineMeters(new SimpleMeterRegistry());
        try (DeadLetterPublisher deadLetters = MemberFixture.deadLetters(meters)) {
            GroupMember member = new GroupMember(consumer, spec, MemberFixture.CODEC, deadLetters, meters);
            Thread thread = new Thread(member, "interval-test-member");
            thread.start();
            try {
                // While the member runs: the closing commit on stop must not be what makes this true.
                await().atMost(Duration.ofSeconds(30)).until(done);
            } finally {
                member.stop();
                thread.join(Duration.ofSeconds(30).toMillis());
            }
            assertThat(member.failure()).isNull();
        }
    }

    /** The partition assigned at the first poll, then its records: all in the next poll, or one per poll. */
    private static void queueRecords(MockConsumer<byte[], byte[]> consumer, boolean onePoll) {
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(TP));
            consumer.updateBeginningOffsets(Map.of(TP, 0L));
            consumer.seek(TP, 0);
        });
        if (onePoll) {
            consumer.schedulePollTask(() -> {
                for (int i = 0; i < RECORDS; i++) {
                    consumer.addRecord(MemberFixture.orderCreated(TP, i));
                }
            });
        } else {
            for (int i = 0; i < RECORDS; i++) {
                long offset = i;
                consumer.schedulePollTask(() -> consumer.addRecord(MemberFixture.orderCreated(TP, offset)));
            }
        }
    }

    private static long committed(MockConsumer<byte[], byte[]> consumer) {
        synchronized (consumer) {
            OffsetAndMetadata o = consumer.committed(Set.of(TP)).get(TP);
            return o == null ? -1 : o.offset();
        }
    }
}
