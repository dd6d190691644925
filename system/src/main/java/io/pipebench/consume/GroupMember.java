package io.pipebench.consume;

import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventCodec;
import io.pipebench.events.EventDecodingException;
import io.pipebench.events.EventHeaders;
import io.pipebench.events.EventMetadata;
import io.pipebench.metrics.PipelineMeters;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * One member of a consumer group: one KafkaConsumer on one thread, polling, handling, retrying and committing.
 *
 * <p>At-least-once: a partition's offset is committed only past records that are handled or dead-lettered, and
 * never past a record still waiting for a retry. A record that fails transiently is retried without blocking the
 * poll loop: its partition is sought back to it and paused until the backoff has passed, while the member keeps
 * polling (so {@code max.poll.interval.ms} never expires during a backoff). An outage (see {@link RetryPolicy}) is
 * retried without limit and never dead-letters. A group pause ({@link ConsumerGroupRunner#pause}) uses the same
 * mechanism for every partition the member owns. Processed offsets are committed after each poll that returned records
 * (the seed profile) or at most once per commit interval (the tuned profile, see {@code commitDue}), on rebalance (for
 * the partitions being revoked) and on shutdown.
 *
 * <p>Why one class of this size: the retries, the processed offsets and the commits are one consumer thread's state,
 * and the at-least-once rule above spans all three. The commit policy ({@code commitDue} to {@code commitSync}) is
 * the part that could move out next.
 */
final class GroupMember implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(GroupMember.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    /** Async commits failing in a row before a warning: one can fail in a rebalance, a streak means trouble. */
    static final int COMMIT_FAILURES_WARNING = 3;

    private final Consumer<byte[], byte[]> consumer;
    private final ConsumerGroupSpec spec;
    private final EventCodec codec;
    private final DeadLetterPublisher deadLetters;
    private final PipelineMeters meters;
    /** Whether the group is asked to pause: read at each turn of the poll loop, on this member's thread. */
    private final BooleanSupplier pauseRequested;

    /** Next offset to commit per partition: everything before it is handled or dead-lettered. */
    private final Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
    /** Partitions waiting to retry a record. */
    private final Map<TopicPartition, Retry> retries = new HashMap<>();

    private volatile boolean running = true;
    private volatile boolean abort;
    private volatile boolean assigned;
    private volatile Throwable failure;
    /** Whether this member's partitions are paused for a group pause; read by the runner that waits for it. */
    private volatile boolean groupPaused;
    /** Set when run() has returned: a member that no longer runs processes nothing, paused or not. */
    private volatile boolean exited;
    /** Set when a dead-letter send failed in the current poll. */
    private boolean deadLettersFailing;
    /** Async commits that failed in a row; a streak becomes a warning (each failure is also a meter). */
    private int commitFailuresInARow;
    /** Offsets processed since the last commit, and when that commit was sent (the profile's commit interval). */
    private boolean uncommitted;
    private long lastCommitNanos = System.nanoTime();

    /**
     * A record waiting for its next attempt.
     *
     * @param failedAttempts every failed delivery so far (the dead letter's attempts, the backoff's exponent)
     * @param unknownFailures the failures that are not outages: past {@link RetryPolicy#maxRetries()} a failing batch
     *                        is split into its records
     */
    private record Retry(long offset, int failedAttempts, int unknownFailures, long resumeAtNanos, boolean paused) {
        Retry resumed() {
            return new Retry(offset, failedAttempts, unknownFailures, resumeAtNanos, false);
        }

        Retry pausedAgain() {
            return new Retry(offset, failedAttempts, unknownFailures, resumeAtNanos, true);
        }
    }

    private static final Retry FIRST = new Retry(-1, 0, 0, 0, false);

    /** What the partition (or the whole poll) does after one record. */
    private enum Step { NEXT, PARTITION_WAITS, ALL_WAIT }

    /** A member no runner pauses (the MockConsumer tests). */
    GroupMember(Consumer<byte[], byte[]> consumer, ConsumerGroupSpec spec, EventCodec codec,
                DeadLetterPublisher deadLetters, PipelineMeters meters) {
        this(consumer, spec, codec, deadLetters, meters, () -> false);
    }

    GroupMember(Consumer<byte[], byte[]> consumer, ConsumerGroupSpec spec, EventCodec codec,
                DeadLetterPublisher deadLetters, PipelineMeters meters, BooleanSupplier pauseRequested) {
        this.consumer = consumer;
        this.spec = spec;
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.meters = meters;
        this.pauseRequested = pauseRequested;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(spec.topics(), new Rebalance());
            while (running) {
                followGroupPause();
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(POLL_TIMEOUT);
                } catch (WakeupException e) {
                    continue;
                }
                resumeDueRetries();
                if (!records.isEmpty()) {
                    deadLettersFailing = false;
                    if (spec.batches()) {
                        processBatch(records);
                    } else {
                        processEach(records);
                    }
                }
                if (!abort && commitDue(!records.isEmpty())) {
                    commitAsync();
                }
            }
        } catch (FatalProcessingException e) {
            failure = e.getCause();
            log.error("Consumer of group {} stopped: {}. Records from here on stay uncommitted until the cause is "
                    + "fixed; the member is restarted with backoff.", spec.groupId(), e.getMessage());
        } catch (AuthorizationException e) {
            failure = e;
            log.error("Consumer of group {} stopped: {}. Grant its principal READ on that topic or group (or run it "
                    + "with one that has it); the member is not restarted, as no retry can grant a right.",
                    spec.groupId(), e.getMessage());
        } catch (Throwable t) {
            failure = t;
            log.error("Consumer of group {} stopped on an unexpected error", spec.groupId(), t);
        } finally {
            try {
                if (!abort) {
                    commitSync(processed);
                }
            } finally {
                exited = true;
                consumer.close(Duration.ofSeconds(10));
            }
        }
    }

    /**
     * Pauses or resumes every owned partition when the group's pause changes: paused partitions return no records
     * while the member keeps polling, so it stays in the group ({@code max.poll.interval.ms}) and keeps its
     * partitions, as during a retry backoff. Runs between polls, so the records of the last poll are done first. On
     * resume, a partition still inside a retry backoff stays paused until the backoff has passed.
     */
    private void followGroupPause() {
        boolean requested = pauseRequested.getAsBoolean();
        if (requested == groupPaused) {
            return;
        }
        Set<TopicPartition> owned = consumer.assignment();
        if (requested) {
            consumer.pause(owned);
        } else {
            Set<TopicPartition> free = new HashSet<>(owned);
            retries.forEach((tp, r) -> {
                if (r.paused()) {
                    free.remove(tp);
                }
            });
            consumer.resume(free);
        }
        groupPaused = requested;
        log.info("Group {}: member {} {} {} partition(s)", spec.groupId(), Thread.currentThread().getName(),
                requested ? "paused" : "resumed", owned.size());
    }

    /** Whether this member processes nothing while its group is paused: its partitions are paused, or it has ended. */
    boolean pausedOrEnded() {
        return groupPaused || exited;
    }

    /**
     * Stops after the current poll; processed offsets are committed. Wakes the consumer once only: a second wakeup
     * arriving after the first ended the poll would make the closing commitSync throw, and the last offsets would be
     * delivered again (a system stopping its groups asks each to stop, then closes it, which asks again).
     */
    void stop() {
        running = false;
        if (woken.compareAndSet(false, true)) {
            consumer.wakeup();
        }
    }

    private final java.util.concurrent.atomic.AtomicBoolean woken = new java.util.concurrent.atomic.AtomicBoolean();

    /** Stops without committing, as a crash would: what was processed since the last commit is delivered again. */
    void abort() {
        abort = true;
        stop();
    }

    boolean hasAssignment() {
        return assigned;
    }

    Throwable failure() {
        return failure;
    }

    // ---- one record at a time ------------------------------------------------------------------------------

    private void processEach(ConsumerRecords<byte[], byte[]> records) {
        handleEach(records, null);
    }

    /**
     * Handles a poll's records one at a time. A partition that must wait stops there (its later records are fetched
     * again); after an outage every partition not yet done waits too, each at its first unhandled record: trying
     * them one after another would each wait for a dead database, and the sum could outlast the poll interval.
     */
    private void handleEach(ConsumerRecords<byte[], byte[]> records, Retry isolatedFrom) {
        Retry outage = null;
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> rs = records.records(tp);
            if (outage != null) {
                long first = rs.get(0).offset();
                Retry own = retryOf(tp, first); // keeps its own count of unknown failures
                scheduleRetry(tp, first, new Retry(first, Math.max(own.failedAttempts(), outage.failedAttempts()),
                        own.unknownFailures(), 0, true), RetryPolicy.Outcome.RETRY_OUTAGE);
                continue;
            }
            for (ConsumerRecord<byte[], byte[]> record : rs) {
                Step step = handleOne(tp, record, isolatedFrom);
                if (step == Step.ALL_WAIT) {
                    outage = retries.get(tp);
                }
                if (step != Step.NEXT) {
                    break;
                }
            }
        }
    }

    /**
     * Handles one record: NEXT when it is done (handled or dead-lettered), PARTITION_WAITS when its partition must
     * stop here (retry scheduled or dead letter failed), ALL_WAIT after an outage.
     *
     * @param isolatedFrom null as usual; else the failures of the batch this record is being isolated from, which
     *                     its own retry state continues
     */
    private Step handleOne(TopicPartition tp, ConsumerRecord<byte[], byte[]> record, Retry isolatedFrom) {
        Retry before = isolatedFrom != null ? isolatedFrom : retryOf(tp, record.offset());
        long start = System.nanoTime();
        ConsumedEvent event;
        try {
            event = decode(record);
        } catch (EventDecodingException e) {
            meters.recordProcessing(record.topic(), headerOr(record, EventHeaders.EVENT_TYPE, "undecodable"), false,
                    System.nanoTime() - start);
            return deadLetter(tp, record, e, before.failedAttempts() + 1);
        }
        String type = event.metadata().eventType();
        try {
            spec.handler().handle(List.of(event));
            meters.recordProcessing(record.topic(), type, true, System.nanoTime() - start);
            markProcessed(tp, record);
            return Step.NEXT;
        } catch (Exception e) {
            meters.recordProcessing(record.topic(), type, false, System.nanoTime() - start);
            // Built on failure only: the success path runs once per record.
            String what = type + " " + event.metadata().eventId() + " at " + tp + "@" + record.offset();
            RetryPolicy.Outcome outcome = spec.retry().classify(e);
            if (outcome == RetryPolicy.Outcome.STOP) {
                throw new FatalProcessingException(what, e);
            }
            if (outcome == RetryPolicy.Outcome.RETRY_OUTAGE) {
                Retry next = failedAgain(before, outcome, what, e, false);
                scheduleRetry(tp, record.offset(), next, outcome);
                return Step.ALL_WAIT;
            }
            if (outcome == RetryPolicy.Outcome.RETRY) {
                // Unknown: retried without limit, never dead-lettered; only this record's partition waits. Named at
                // warn when a batch is first split down to it and when this cycle (its batch's failure and its own)
                // passes a multiple of ten, so the audit log says which record holds it up, not every cycle.
                boolean named = isolatedFrom != null
                        && (isolatedFrom.unknownFailures() <= spec.retry().maxAttempts()
                        || tenthPassed(isolatedFrom.failedAttempts() - 1, isolatedFrom.failedAttempts() + 1));
                Retry next = failedAgain(before, outcome, what, e, named);
                scheduleRetry(tp, record.offset(), next, outcome);
                return Step.PARTITION_WAITS;
            }
            return deadLetter(tp, record, e, before.failedAttempts() + 1);
        }
    }

    /**
     * The retry state after one more failure (outages do not count against maxRetries), said in the log: at warn
     * while the failure lasts (its first time, whenever the count passes a multiple of ten, and when asked), else at
     * debug.
     */
    private Retry failedAgain(Retry before, RetryPolicy.Outcome outcome, String what, Exception e, boolean warn) {
        boolean outage = outcome == RetryPolicy.Outcome.RETRY_OUTAGE;
        Retry next = new Retry(-1, before.failedAttempts() + 1, before.unknownFailures() + (outage ? 0 : 1), 0, true);
        Duration wait = spec.retry().backoffAfter(outcome, next.failedAttempts());
        if (warn || next.failedAttempts() == 1 || tenthPassed(before.failedAttempts(), next.failedAttempts())) {
            log.warn("Group {}: {} failed {} time(s) on {}, retrying without limit (next in {} ms): {}",
                    spec.groupId(), what, next.failedAttempts(), outage ? "an outage" : "an unclassified error (if the "
                            + "record is at fault, the handler should throw NonRetryableException)", wait.toMillis(),
                    e.toString());
        } else {
            log.debug("Group {}: {} failed (attempt {}), retrying in {} ms: {}", spec.groupId(), what,
                    next.failedAttempts(), wait.toMillis(), e.toString());
        }
        return next;
    }

    /** Whether a failure count went past a multiple of ten: a split batch's record counts up by two per cycle. */
    static boolean tenthPassed(int before, int after) {
        return before / 10 != after / 10;
    }

    // ---- a whole poll batch in one call (the audit consumer: one transaction) -------------------------------

    private void processBatch(ConsumerRecords<byte[], byte[]> records) {
        List<ConsumedEvent> decoded = new ArrayList<>();
        Map<ConsumerRecord<byte[], byte[]>, EventDecodingException> poison = new HashMap<>();
        Map<TopicPartition, Long> firstOffsets = new LinkedHashMap<>();
        Retry failedSoFar = FIRST;
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> rs = records.records(tp);
            firstOffsets.put(tp, rs.get(0).offset());
            // Each count at its highest, as partitions can differ: one that waited out an outage alone may have
            // more failed attempts (the backoff) and fewer unknown failures (the split budget) than a stuck record.
            Retry waited = retryOf(tp, rs.get(0).offset());
            failedSoFar = new Retry(-1, Math.max(failedSoFar.failedAttempts(), waited.failedAttempts()),
                    Math.max(failedSoFar.unknownFailures(), waited.unknownFailures()), 0, false);
            for (ConsumerRecord<byte[], byte[]> r : rs) {
                try {
                    decoded.add(decode(r));
                } catch (EventDecodingException e) {
                    poison.put(r, e);
                }
            }
        }
        if (!decoded.isEmpty()) {
            long start = System.nanoTime();
            try {
                spec.handler().handle(decoded);
                recordBatch(decoded, true, System.nanoTime() - start);
            } catch (Exception e) {
                recordBatch(decoded, false, System.nanoTime() - start);
                RetryPolicy.Outcome outcome = spec.retry().classify(e);
                if (outcome == RetryPolicy.Outcome.STOP) {
                    throw new FatalProcessingException("a batch of " + decoded.size() + " events", e);
                }
                boolean outage = outcome == RetryPolicy.Outcome.RETRY_OUTAGE;
                if (outage || (outcome == RetryPolicy.Outcome.RETRY
                        && failedSoFar.unknownFailures() + 1 < spec.retry().maxAttempts())) {
                    // The whole batch waits: an outage for as long as it lasts, an unknown failure maxRetries times.
                    Retry next = failedAgain(failedSoFar, outcome, "a batch of " + decoded.size() + " events", e,
                            false);
                    firstOffsets.forEach((tp, offset) -> scheduleRetry(tp, offset, next, outcome));
                    return;
                }
                // Record-specific, or failing whole too often: each record on its own, so a record-specific failure
                // is dead-lettered alone, an unknown one holds only its own partition, and an outage met on the way
                // sends every partition back to waiting.
                int attempts = failedSoFar.failedAttempts() + 1;
                if (failedSoFar.unknownFailures() + 1 <= spec.retry().maxAttempts()
                        || tenthPassed(failedSoFar.failedAttempts(), attempts)) { // not every cycle of a stuck record
                    log.warn("Group {}: batch of {} failed {} time(s) ({}); handling its records one by one",
                            spec.groupId(), decoded.size(), attempts, e.toString());
                }
                handleEach(records, new Retry(-1, failedSoFar.failedAttempts() + 1,
                        failedSoFar.unknownFailures() + 1, 0, false));
                return;
            }
        }
        for (TopicPartition tp : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                EventDecodingException bad = poison.get(r);
                if (bad == null) {
                    markProcessed(tp, r);
                } else {
                    meters.recordProcessing(r.topic(), headerOr(r, EventHeaders.EVENT_TYPE, "undecodable"), false, 0);
                    if (deadLetter(tp, r, bad, retryOf(tp, r.offset()).failedAttempts() + 1) != Step.NEXT) {
                        break; // later records of this partition come again; the handler tolerates redelivery
                    }
                }
            }
        }
    }

    /**
     * A handled batch times each of its events with the whole batch's duration (each event waited that long). A failed
     * batch is one failed attempt per topic in it, tagged {@code event_type=batch}: one transient database error on a
     * 100-event batch is one failure, not a hundred, so the failure alarm counts incidents rather than batch sizes.
     */
    private void recordBatch(List<ConsumedEvent> events, boolean success, long nanos) {
        if (success) {
            for (ConsumedEvent e : events) {
                meters.recordProcessing(e.topic(), e.metadata().eventType(), true, nanos);
            }
        } else {
            events.stream().map(ConsumedEvent::topic).distinct()
                    .forEach(topic -> meters.recordProcessing(topic, "batch", false, nanos));
        }
    }

    // ---- dead letters, retries, offsets -------------------------------------------------------------------

    private Step deadLetter(TopicPartition tp, ConsumerRecord<byte[], byte[]> record, Exception error, int attempts) {
        Retry before = retryOf(tp, record.offset());
        // Waiting on a failing dead-letter topic is an outage of Kafka, not of the record: back off, doubling.
        Retry waiting = new Retry(record.offset(), Math.max(attempts - 1, before.failedAttempts()),
                before.unknownFailures(), 0, true);
        if (deadLettersFailing) {
            // The dead-letter topic failed earlier in this poll: don't block again (each try can take seconds and
            // several in a row would outlast max.poll.interval.ms); come back to this record after the backoff.
            scheduleRetry(tp, record.offset(), waiting, RetryPolicy.Outcome.RETRY_OUTAGE);
            return Step.PARTITION_WAITS;
        }
        try {
            DeadLetterPublisher.Letter sent = deadLetters.send(record, spec.groupId(), error, attempts,
                    DeadLetterPublisher.reasonFor(error));
            log.warn("Group {}: dead-lettered {}@{} after {} attempt(s){}: {}", spec.groupId(), tp, record.offset(),
                    attempts, sent == DeadLetterPublisher.Letter.POINTER ? " as a pointer (too large)" : "",
                    error.toString());
            markProcessed(tp, record);
            return Step.NEXT;
        } catch (DeadLetterPublisher.DeadLetterException dle) {
            if (!dle.retriable()) {
                // Retrying cannot help (an ACL denial, an invalid record): raise the alarm and move on rather than
                // block the partition for ever. The log line is the record's only trace: it names where it is.
                meters.deadLetterDropped(spec.groupId());
                log.error("ALARM group {}: {}; {}@{} is skipped WITHOUT a dead letter (original error: {})",
                        spec.groupId(), dle.getMessage(), tp, record.offset(), error.toString());
                markProcessed(tp, record);
                return Step.NEXT;
            }
            // Not committed past this record: it is delivered again after the backoff and dead-lettered then.
            log.error("Group {}: {}; {}@{} stays uncommitted", spec.groupId(), dle.getMessage(), tp, record.offset());
            deadLettersFailing = true;
            scheduleRetry(tp, record.offset(), waiting, RetryPolicy.Outcome.RETRY_OUTAGE);
            return Step.PARTITION_WAITS;
        }
    }

    /** The retry state of the record at this offset, or {@link #FIRST} when it has not failed yet. */
    private Retry retryOf(TopicPartition tp, long offset) {
        Retry r = retries.get(tp);
        return r != null && r.offset() == offset ? r : FIRST;
    }

    private void scheduleRetry(TopicPartition tp, long offset, Retry failed, RetryPolicy.Outcome outcome) {
        long wait = spec.retry().backoffAfter(outcome, Math.max(1, failed.failedAttempts())).toNanos();
        retries.put(tp, new Retry(offset, failed.failedAttempts(), failed.unknownFailures(), System.nanoTime() + wait,
                true));
        consumer.seek(tp, offset);
        consumer.pause(Set.of(tp));
    }

    private void resumeDueRetries() {
        if (retries.isEmpty() || groupPaused) {
            return; // a group pause holds every partition; once it ends, retries resume here as their backoffs end
        }
        long now = System.nanoTime();
        Set<TopicPartition> owned = consumer.assignment();
        for (Map.Entry<TopicPartition, Retry> e : retries.entrySet()) {
            Retry r = e.getValue();
            if (r.paused() && now - r.resumeAtNanos() >= 0 && owned.contains(e.getKey())) {
                consumer.resume(Set.of(e.getKey()));
                e.setValue(r.resumed());
            }
        }
    }

    private void markProcessed(TopicPartition tp, ConsumerRecord<byte[], byte[]> record) {
        processed.put(tp, new OffsetAndMetadata(record.offset() + 1));
        uncommitted = true;
        Retry r = retries.get(tp);
        if (r != null && r.offset() <= record.offset()) {
            retries.remove(tp);
        }
        meters.messageConsumed(record.topic());
        meters.groupProcessed(spec.groupId());
    }

    /**
     * Interval 0 (the document's way): after every poll that returned records. Else once the interval has passed
     * since the last commit and something was processed (or a commit failed) since, idle polls included, so a
     * partition that goes quiet still gets its last offsets committed.
     */
    private boolean commitDue(boolean polledRecords) {
        long interval = spec.profile().commitInterval().toNanos();
        if (interval == 0) {
            // After every poll with records, and again a second after a failed commit even if no record comes:
            // without it a partition that goes quiet right after a failed commit (the coordinator moving) keeps its
            // old committed offset for ever: stale lag that trips the lag alarm, and a redelivery after a restart.
            return polledRecords || uncommitted && System.nanoTime() - lastCommitNanos >= COMMIT_RETRY.toNanos();
        }
        return uncommitted && System.nanoTime() - lastCommitNanos >= interval;
    }

    /** How soon a failed commit is sent again when the profile commits after every poll. */
    static final Duration COMMIT_RETRY = Duration.ofSeconds(1);

    /**
     * Commits every owned partition's processed offset, not only what changed since the last commit: Kafka does not
     * retry a failed async commit, and a partition that then goes quiet would keep its old offset (stale lag, and a
     * redelivery after restart). The map holds at most the member's partitions; entries leave on revoke or loss.
     */
    private void commitAsync() {
        uncommitted = false;
        lastCommitNanos = System.nanoTime();
        if (processed.isEmpty()) {
            return;
        }
        consumer.commitAsync(Map.copyOf(processed), (committed, error) -> {
            // Runs on this member's thread, inside poll or commit: no synchronisation needed.
            if (error == null) {
                commitFailuresInARow = 0;
                return;
            }
            meters.commitFailed(spec.groupId());
            uncommitted = true; // Kafka does not retry it: the next due commit carries the offsets again
            commitFailuresInARow++;
            if (commitFailuresInARow == COMMIT_FAILURES_WARNING || commitFailuresInARow % 100 == 0) {
                log.warn("Group {}: {} async commits failed in a row (last: {}); offsets are not moving, records "
                        + "will be delivered again after a restart", spec.groupId(), commitFailuresInARow,
                        error.toString());
            } else {
                log.debug("Group {}: async commit failed, the next one carries the same offsets: {}", spec.groupId(),
                        error.toString());
            }
        });
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(Map.copyOf(offsets), Duration.ofSeconds(15));
        } catch (RuntimeException e) {
            log.warn("Group {}: commit of {} failed: {}; those records will be delivered again", spec.groupId(),
                    offsets.keySet(), e.toString());
        }
    }

    private ConsumedEvent decode(ConsumerRecord<byte[], byte[]> record) {
        EventMetadata metadata = EventHeaders.read(record.headers());
        if (record.value() == null) {
            throw new EventDecodingException(EventDecodingException.Reason.MALFORMED_PAYLOAD,
                    "Record " + record.topic() + "-" + record.partition() + "@" + record.offset() + " has no value");
        }
        DomainEvent event = codec.decode(metadata, record.value());
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        return new ConsumedEvent(event, metadata, record.topic(), record.partition(), record.offset(), key,
                record.timestamp(), record.value(), record.headers());
    }

    private static String headerOr(ConsumerRecord<byte[], byte[]> record, String name, String fallback) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? fallback : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** A failure that dead-lettering cannot help (the consumer's own configuration): the member stops. */
    private static final class FatalProcessingException extends RuntimeException {
        FatalProcessingException(String what, Throwable cause) {
            super(what + " failed with " + cause, cause);
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Called inside poll(), so no record is being handled: commit what is done for the partitions we lose.
            Map<TopicPartition, OffsetAndMetadata> mine = new HashMap<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata o = processed.remove(tp);
                if (o != null) {
                    mine.put(tp, o);
                }
                // Retry state is kept: if the partition comes back to this member (an eager rebalance revokes
                // everything), its record keeps its attempt count and backoff instead of starting over.
            }
            if (!abort) {
                commitSync(mine);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                processed.remove(tp);
                retries.remove(tp);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned = !consumer.assignment().isEmpty() || assigned;
            long now = System.nanoTime();
            Set<TopicPartition> owned = consumer.assignment();
            for (Iterator<Map.Entry<TopicPartition, Retry>> it = retries.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<TopicPartition, Retry> e = it.next();
                Retry r = e.getValue();
                if (!owned.contains(e.getKey())) {
                    it.remove();
                } else if (partitions.contains(e.getKey()) && r.resumeAtNanos() - now > 0) {
                    // Back after a revoke, still inside its backoff: the committed position is the record to retry.
                    consumer.pause(Set.of(e.getKey()));
                    e.setValue(r.pausedAgain());
                } else if (partitions.contains(e.getKey())) {
                    e.setValue(r.resumed());
                }
            }
            if (groupPaused) {
                // A partition newly assigned during a group pause starts unpaused: pause it before it is fetched.
                consumer.pause(partitions);
            }
        }
    }
}
