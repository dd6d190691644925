package io.pipebench.consume;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipebench.events.EventHeaders;
import io.pipebench.metrics.PipelineMeters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A failing poll batch split into its records, on a MockConsumer whose polls the test decides: which partitions come
 * together in a batch is what these rules are about, and a real cluster's fetches cannot be told which. Backoffs are
 * zero, so a waiting partition comes back two polls later, with no clock in the test.
 */
class GroupMemberSplitTest {

    private static final String GROUP = "split-test";
    private static final TopicPartition STUCK = new TopicPartition("payment-events", 0);
    private static final TopicPartition OTHER = new TopicPartition("order-events", 0);
    private static final String S0 = STUCK + "@0";
    private static final String O0 = OTHER + "@0";

    @Test
    void aBatchWithTheStuckRecordIsSplitAtOnceEvenAfterAnotherPartitionFailedLongerOnAnOutage() throws Exception {
        // The stuck record fails (unclassified) until its batch is split. Then the other partition's record meets an
        // outage alone, more times than the stuck one has failed, and the two come back in one batch. Its split
        // budget is the stuck record's, spent: split at its first failure, not retried whole maxRetries times again.
        RetryPolicy policy = new RetryPolicy(Duration.ZERO, 2, Duration.ZERO);
        AtomicBoolean splitSeen = new AtomicBoolean();
        AtomicInteger outagesLeft = new AtomicInteger(policy.maxAttempts() + 2);
        LogConsumer consumer = new LogConsumer();
        consumer.append(List.of(MemberFixture.orderCreated(STUCK, 0), MemberFixture.orderCreated(STUCK, 1)));
        // Held while the other partition is in its outage; back with it once it is no longer waiting.
        consumer.held = tp -> tp.equals(STUCK) && splitSeen.get()
                && (outagesLeft.get() > 0 || consumer.paused().contains(OTHER));
        List<List<String>> calls = new CopyOnWriteArrayList<>();
        EventHandler handler = events -> {
            List<String> at = events.stream().map(e -> e.topic() + "-" + e.partition() + "@" + e.offset()).toList();
            calls.add(at);
            if (at.equals(List.of(S0)) && splitSeen.compareAndSet(false, true)) {
                // On the member's thread, between two polls: the next poll has it.
                consumer.append(List.of(MemberFixture.orderCreated(OTHER, 0)));
            }
            if (at.contains(O0) && !at.contains(S0) && outagesLeft.get() > 0) {
                outagesLeft.decrementAndGet();
                throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
            }
            if (at.contains(S0)) {
                throw new IllegalStateException("a downstream we cannot classify");
            }
        };
        run(consumer, handler, policy, () -> committed(consumer, OTHER) == 1);

        List<List<String>> together = calls.stream().filter(c -> c.contains(S0) && c.contains(O0)).toList();
        assertThat(calls.stream().filter(c -> c.equals(List.of(O0))))
                .as("the outage's deliveries, then the handled one").hasSize(policy.maxAttempts() + 3);
        assertThat(together).as("the batch of both failed once, then its records went one by one").hasSize(1);
    }

    @Test
    void aStuckRecordNamesItselfAtWarnWhenFirstSplitAndWhenItsCountPassesATenth() throws Exception {
        // The document's 3 retries: 4 whole deliveries, then each cycle is one of the batch and one of the record.
        RetryPolicy policy = new RetryPolicy(Duration.ZERO, 3, Duration.ZERO);
        int failures = 22;
        LogConsumer consumer = new LogConsumer();
        ConsumerRecord<byte[], byte[]> stuck = MemberFixture.orderCreated(STUCK, 0);
        consumer.append(List.of(stuck, MemberFixture.orderCreated(STUCK, 1)));
        String stuckId = new String(stuck.headers().lastHeader(EventHeaders.EVENT_ID).value(), StandardCharsets.UTF_8);
        AtomicInteger failuresLeft = new AtomicInteger(failures);
        EventHandler handler = events -> {
            if (events.stream().anyMatch(e -> e.topic().equals(STUCK.topic()) && e.offset() == 0)
                    && failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("a downstream we cannot classify");
            }
        };
        Logger memberLog = (Logger) LoggerFactory.getLogger(GroupMember.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        memberLog.addAppender(logged);
        try {
            run(consumer, handler, policy, () -> committed(consumer, STUCK) == 2);
        } finally {
            memberLog.detachAppender(logged);
        }

        assertThat(failuresLeft.get()).as("every one of its failures happened").isNegative();
        List<String> ownLines = logged.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(" at " + S0)).toList();
        // At the first split (after the batch's 4 whole failures), then as 10 and 20 are passed; not every cycle.
        assertThat(ownLines.stream().map(GroupMemberSplitTest::count)).containsExactly(5, 11, 21);
        assertThat(ownLines).allSatisfy(m -> assertThat(m).contains("OrderCreated " + stuckId));
    }

    private static int count(String line) {
        Matcher m = Pattern.compile("failed (\\d+) time").matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** Runs a batch member on the consumer until the condition holds, then stops it. */
    private static void run(LogConsumer consumer, EventHandler handler, RetryPolicy policy, BooleanSupplier until)
            throws Exception {
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(STUCK, OTHER));
            consumer.updateBeginningOffsets(Map.of(STUCK, 0L, OTHER, 0L));
            consumer.seek(STUCK, 0);
            consumer.seek(OTHER, 0);
        });
        ConsumerGroupSpec spec = ConsumerGroupSpec.of(GROUP, List.of(STUCK.topic(), OTHER.topic()), handler, true)
                .withConcurrency(1).withRetry(policy);
        PipelineMeters meters = new PipelineMeters(new SimpleMeterRegistry());
        try (DeadLetterPublisher deadLetters = MemberFixture.deadLetters(meters)) {
            GroupMember member = new GroupMember(consumer, spec, MemberFixture.CODEC, deadLetters, meters);
            Thread thread = new Thread(member, "split-test-member");
            thread.start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(until::getAsBoolean);
            } finally {
                member.stop();
                thread.join(Duration.ofSeconds(30).toMillis());
            }
            assertThat(member.failure()).isNull();
        }
    }

    private static long committed(MockConsumer<byte[], byte[]> consumer, TopicPartition tp) {
        synchronized (consumer) {
            if (consumer.closed()) {
                return -1;
            }
            OffsetAndMetadata o = consumer.committed(Set.of(tp)).get(tp);
            return o == null ? -1 : o.offset();
        }
    }

    /**
     * Serves each partition's records from its position at every poll, as a broker would after a seek, unless the
     * partition is paused or the test holds it back.
     */
    private static final class LogConsumer extends MockConsumer<byte[], byte[]> {

        private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> logs = new HashMap<>();
        volatile Predicate<TopicPartition> held = tp -> false;

        LogConsumer() {
            super("earliest");
        }

        synchronized void append(List<ConsumerRecord<byte[], byte[]>> records) {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                logs.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new ArrayList<>()).add(r);
            }
        }

        @Override
        public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            Set<TopicPartition> paused = paused();
            for (TopicPartition tp : assignment()) {
                if (paused.contains(tp) || held.test(tp)) {
                    continue;
                }
                long position = position(tp);
                logs.getOrDefault(tp, List.of()).stream().filter(r -> r.offset() >= position).forEach(this::addRecord);
            }
            return super.poll(timeout);
        }
    }
}
