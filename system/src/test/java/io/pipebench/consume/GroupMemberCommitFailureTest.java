package io.pipebench.consume;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventEnvelope;
import io.pipebench.events.EventFactory;
import io.pipebench.events.EventHeaders;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.JsonEventCodec;
import io.pipebench.metrics.PipelineMeters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Async commits that keep failing are counted per group (each failure) and, from the third in a row, said once at warn
 * level, rather than swallowed at debug level.
 */
class GroupMemberCommitFailureTest {

    private static final String GROUP = "commit-test";
    private static final TopicPartition TP = new TopicPartition("order-events", 0);


    @Test
    void failingAsyncCommitsAreCountedInTheHealthMeterAndWarnedOnce() throws Exception {
        Logger memberLog = (Logger) LoggerFactory.getLogger(GroupMember.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        memberLog.addAppender(logged);
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
        assignAtStart(consumer);
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
        } finally {
            memberLog.detachAppender(logged);
        }
        assertThat(meters.registry().get(PipelineMeters.COMMIT_FAILURES).tag("group", GROUP).counter().count())
                .as("one per failed async commit, after a poll or its retry (the closing commitSync is not one)")
                .isGreaterThanOrEqualTo(polls);
        // Warned at the third failure in a row and then only every hundredth: one line for these few, not one each.
        assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .filteredOn(m -> m.contains("async commits failed in a row"))
                .singleElement().asString()
                .contains("Group " + GROUP + ": " + GroupMember.COMMIT_FAILURES_WARNING + " async commits failed in a row")
                .contains("the coordinator moved").contains("offsets are not moving");
    }

    @Test
    void aFailedCommitIsRetriedWhileThePartitionIsQuiet() throws Exception {
        PipelineMeters meters = new PipelineMeters(new SimpleMeterRegistry());
        AtomicInteger failuresLeft = new AtomicInteger(2);
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
            @Override
            public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
                                                 OffsetCommitCallback callback) {
                if (callback != null && failuresLeft.getAndDecrement() > 0) {
                    callback.onComplete(offsets, new RetriableCommitFailedException("the coordinator moved"));
                    return;
                }
                super.commitAsync(offsets, callback);
            }
        };
        assignAtStart(consumer);
        consumer.schedulePollTask(() -> consumer.addRecord(MemberFixture.orderCreated(TP, 0))); // then the partition stays quiet
        ConsumerGroupSpec spec = ConsumerGroupSpec.of(GROUP, List.of(TP.topic()), events -> {
        }, false).withConcurrency(1);
        try (DeadLetterPublisher deadLetters = MemberFixture.deadLetters(meters)) {
            GroupMember member = new GroupMember(consumer, spec, MemberFixture.CODEC, deadLetters, meters);
            Thread thread = new Thread(member, "commit-retry-member");
            thread.start();
            try {
                // No record comes after the first: only the retry of the failed commits can move the offset.
                await().atMost(Duration.ofSeconds(30)).until(() -> committed(consumer) == 1);
                assertThat(failuresLeft.get()).isNegative();
            } finally {
                member.stop();
                thread.join(Duration.ofSeconds(30).toMillis());
            }
        }
    }


    /** The first poll assigns the partition, from offset 0. */
    private static void assignAtStart(MockConsumer<byte[], byte[]> consumer) {
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(TP));
            consumer.updateBeginningOffsets(Map.of(TP, 0L));
            consumer.seek(TP, 0);
        });
    }

    private static long committed(MockConsumer<byte[], byte[]> consumer) {
        synchronized (consumer) {
            OffsetAndMetadata o = consumer.committed(java.util.Set.of(TP)).get(TP);
            return o == null ? -1 : o.offset();
        }
    }
}
