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
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Async commits that keep failing are counted per group (each failure) rather than swallowed at debug level. */
class GroupMemberCommitFailureTest {

    private static final String GROUP = "commit-test";
    private static final TopicPartition TP = new TopicPartition("order-events", 0);


    @Test
    void failingAsyncCommitsAreCountedInTheHealthMeter() throws Exception {
        SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();
        PipelineMeters meters = new PipelineMeters(meterRegistry);
        AtomicInteger commits = new AtomicInteger();
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
            @Override
            public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
                                                 OffsetCommitCallback callback) {
                if (callback == null) { // MockConsumer's own commitSync comes through here: let it succeed
                    super.commitAsync(offsets, null);
                    return;
                }
                commits.incrementAndGet();
                callback.onComplete(offsets, new RetriableCommitFailedException("the coordinator moved"));
            }
        };
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(TP));
            consumer.updateBeginningOffsets(Map.of(TP, 0L));
            consumer.seek(TP, 0);
        });
        int polls = GroupMember.COMMIT_FAILURES_WARNING + 2;
        for (int i = 0; i < polls; i++) {
            long offset = i;
            consumer.schedulePollTask(() -> consumer.addRecord(MemberFixture.orderCreated(TP, offset)));
        }
        AtomicInteger handled = new AtomicInteger();
        ConsumerGroupSpec spec = ConsumerGroupSpec.of(GROUP, List.of(TP.topic()),
                events -> handled.addAndGet(events.size()), false).withConcurrency(1);
        try (DeadLetterPublisher deadLetters = MemberFixture.deadLetters(meters)) {
            GroupMember member = new GroupMember(consumer, spec, MemberFixture.CODEC, deadLetters, meters);
            Thread thread = new Thread(member, "commit-test-member");
            thread.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.get() == polls);
            await().atMost(Duration.ofSeconds(30)).until(() -> commits.get() >= polls);
            member.stop();
            thread.join(Duration.ofSeconds(30).toMillis());
            assertThat(thread.isAlive()).isFalse();
            assertThat(member.failure()).isNull();
        }
        assertThat(meters.registry().get(PipelineMeters.COMMIT_FAILURES).tag("group", GROUP).counter().count())
                .as("one per failed async commit after a poll (the closing commitSync is not one)")
                .isEqualTo(polls);
    }
}
