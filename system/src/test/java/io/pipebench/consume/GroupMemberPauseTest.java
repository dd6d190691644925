package io.pipebench.consume;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipebench.metrics.PipelineMeters;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A group pause: the member pauses its partitions and keeps polling (so it would stay in the group), handles and
 * commits nothing while paused, and on resume carries on from where it stopped.
 */
class GroupMemberPauseTest {

    private static final TopicPartition TP = new TopicPartition("order-events", 0);

    @Test
    void aPausedMemberKeepsPollingButHandlesNothingUntilResumed() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
            @Override
            public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
                polls.incrementAndGet();
                return super.poll(timeout);
            }
        };
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(TP));
            consumer.updateBeginningOffsets(Map.of(TP, 0L));
            consumer.seek(TP, 0);
            addRecords(consumer, 0, 5);
        });
        AtomicInteger handled = new AtomicInteger();
        AtomicBoolean pause = new AtomicBoolean();
        ConsumerGroupSpec spec = ConsumerGroupSpec.of("pause-test", List.of(TP.topic()),
                events -> handled.addAndGet(events.size()), false).withConcurrency(1);
        PipelineMeters meters = new PipelineMeters(new SimpleMeterRegistry());
        try (DeadLetterPublisher deadLetters = MemberFixture.deadLetters(meters)) {
            GroupMember member = new GroupMember(consumer, spec, MemberFixture.CODEC, deadLetters, meters,
                    pause::get);
            Thread thread = new Thread(member, "pause-test-member");
            thread.start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> handled.get() == 5 && committed(consumer) == 5);

                pause.set(true);
                await().atMost(Duration.ofSeconds(30)).until(member::pausedOrEnded);
                synchronized (consumer) {
                    assertThat(consumer.paused()).containsExactly(TP);
                    addRecords(consumer, 5, 5);
                }
                // Many polls later, the paused partition's records are still not handled: the member polls on.
                int pollsWhenPaused = polls.get();
                await().atMost(Duration.ofSeconds(30)).until(() -> polls.get() >= pollsWhenPaused + 50);
                assertThat(handled.get()).isEqualTo(5);
                assertThat(committed(consumer)).isEqualTo(5);
                assertThat(thread.isAlive()).isTrue();

                pause.set(false);
                await().atMost(Duration.ofSeconds(30)).until(() -> handled.get() == 10 && committed(consumer) == 10);
                synchronized (consumer) {
                    assertThat(consumer.paused()).isEmpty();
                }
            } finally {
                member.stop();
                thread.join(Duration.ofSeconds(30).toMillis());
            }
            assertThat(member.failure()).isNull();
        }
    }

    private static void addRecords(MockConsumer<byte[], byte[]> consumer, int from, int count) {
        for (int i = from; i < from + count; i++) {
            consumer.addRecord(MemberFixture.orderCreated(TP, i));
        }
    }

    private static long committed(MockConsumer<byte[], byte[]> consumer) {
        synchronized (consumer) {
            OffsetAndMetadata o = consumer.committed(Set.of(TP)).get(TP);
            return o == null ? -1 : o.offset();
        }
    }
}
