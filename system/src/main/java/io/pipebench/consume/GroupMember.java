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
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One member of a consumer group: one KafkaConsumer on one thread, polling, handling, retrying and committing.
 *
 * <p>At-least-once: a partition's offset is committed only past records that are handled or dead-lettered, and
 * never past a record still waiting for a retry. A record that fails transiently is retried without blocking the
 * poll loop: its partition is sought back to it and paused until the backoff has passed, while the member keeps
 * polling (so {@code max.poll.interval.ms} never expires during a backoff). Processed offsets are committed after
 * each poll, on rebalance (for the partitions being revoked) and on shutdown.
 */
final class GroupMember implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(GroupMember.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

    private final Consumer<byte[], byte[]> consumer;
    private final ConsumerGroupSpec spec;
    private final EventCodec codec;
    private final DeadLetterPublisher deadLetters;
    private final PipelineMeters meters;

    /** Next offset to commit per partition: everything before it is handled or dead-lettered. */
    private final Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();
    /** Partitions waiting to retry a record. */
    private final Map<TopicPartition, Retry> retries = new HashMap<>();

    private volatile boolean running = true;
    private volatile boolean abort;
    private volatile boolean assigned;
    private volatile Throwable failure;
    /** Set when a dead-letter send failed in the current poll. */
    private boolean deadLettersFailing;

    private record Retry(long offset, int failedAttempts, long resumeAtNanos, boolean paused) {
    }

    GroupMember(Consumer<byte[], byte[]> consumer, ConsumerGroupSpec spec, EventCodec codec,
                DeadLetterPublisher deadLetters, PipelineMeters meters) {
        this.consumer = consumer;
        this.spec = spec;
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(spec.topics(), new Rebalance());
            while (running) {
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
                    if (!abort) {
                        commitAsync();
                    }
                }
            }
        } catch (FatalProcessingException e) {
            failure = e.getCause();
            log.error("Consumer of group {} stopped: {}. Records from here on stay uncommitted; fix the cause and "
                    + "restart.", spec.groupId(), e.getMessage());
        } catch (Throwable t) {
            failure = t;
            log.error("Consumer of group {} stopped on an unexpected error", spec.groupId(), t);
        } finally {
            try {
                if (!abort) {
                    commitSync(processed);
                }
            } finally {
                consumer.close(Duration.ofSeconds(10));
            }
        }
    }

    /** Stops after the current poll; processed offsets are committed. */
    void stop() {
        running = false;
        consumer.wakeup();
    }

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
        for (TopicPartition tp : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                if (!handleOne(tp, record, -1)) {
                    break; // the partition waits for a retry: the rest of its records are fetched again later
                }
            }
        }
    }

    /**
     * Handles one record; returns false when its partition must stop here (retry scheduled or dead letter failed).
     *
     * @param priorAttempts -1 to retry with backoff as usual; otherwise the deliveries this record already had in
     *                      a failed batch, and this is its last one
     */
    private boolean handleOne(TopicPartition tp, ConsumerRecord<byte[], byte[]> record, int priorAttempts) {
        boolean mayRetry = priorAttempts < 0;
        int before = mayRetry ? attemptsSoFar(tp, record.offset()) : priorAttempts;
        long start = System.nanoTime();
        ConsumedEvent event;
        try {
            event = decode(record);
        } catch (EventDecodingException e) {
            meters.recordProcessing(record.topic(), headerOr(record, EventHeaders.EVENT_TYPE, "undecodable"), false,
                    System.nanoTime() - start);
            return deadLetter(tp, record, e, before + 1, false);
        }
        String type = event.metadata().eventType();
        try {
            spec.handler().handle(List.of(event));
            meters.recordProcessing(record.topic(), type, true, System.nanoTime() - start);
            markProcessed(tp, record);
            return true;
        } catch (Exception e) {
            meters.recordProcessing(record.topic(), type, false, System.nanoTime() - start);
            RetryPolicy.Outcome outcome = spec.retry().classify(e);
            if (outcome == RetryPolicy.Outcome.STOP) {
                throw new FatalProcessingException(type + " at " + tp + "@" + record.offset(), e);
            }
            boolean retryable = outcome == RetryPolicy.Outcome.RETRY;
            int attempts = before + 1;
            if (mayRetry && retryable && attempts < spec.retry().maxAttempts()) {
                log.debug("Group {}: {} at {}@{} failed (attempt {} of {}), retrying in {} ms: {}", spec.groupId(),
                        type, tp, record.offset(), attempts, spec.retry().maxAttempts(),
                        spec.retry().backoff().toMillis(), e.toString());
                scheduleRetry(tp, record.offset(), attempts);
                return false;
            }
            return deadLetter(tp, record, e, attempts, retryable);
        }
    }

    // ---- a whole poll batch in one call (the audit consumer: one transaction) -------------------------------

    private void processBatch(ConsumerRecords<byte[], byte[]> records) {
        List<ConsumedEvent> decoded = new ArrayList<>();
        Map<ConsumerRecord<byte[], byte[]>, EventDecodingException> poison = new HashMap<>();
        Map<TopicPartition, Long> firstOffsets = new LinkedHashMap<>();
        int failedSoFar = 0;
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> rs = records.records(tp);
            firstOffsets.put(tp, rs.get(0).offset());
            failedSoFar = Math.max(failedSoFar, attemptsSoFar(tp, rs.get(0).offset()));
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
                boolean retryable = outcome == RetryPolicy.Outcome.RETRY;
                int attempts = failedSoFar + 1;
                if (retryable && attempts < spec.retry().maxAttempts()) {
                    log.debug("Group {}: batch of {} failed (attempt {} of {}), retrying in {} ms: {}", spec.groupId(),
                            decoded.size(), attempts, spec.retry().maxAttempts(), spec.retry().backoff().toMillis(),
                            e.toString());
                    firstOffsets.forEach((tp, offset) -> scheduleRetry(tp, offset, attempts));
                    return;
                }
                // Out of retries for the batch: isolate the records that fail, one delivery each, and dead-letter them.
                log.warn("Group {}: batch of {} failed {} time(s) ({}); handling its records one by one",
                        spec.groupId(), decoded.size(), attempts, e.toString());
                for (TopicPartition tp : records.partitions()) {
                    for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                        if (!handleOne(tp, r, attempts)) {
                            break;
                        }
                    }
                }
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
                    if (!deadLetter(tp, r, bad, attemptsSoFar(tp, r.offset()) + 1, false)) {
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

    private boolean deadLetter(TopicPartition tp, ConsumerRecord<byte[], byte[]> record, Exception error, int attempts,
                               boolean retryable) {
        if (deadLettersFailing) {
            // The dead-letter topic failed earlier in this poll: don't block again (each try can take seconds and
            // several in a row would outlast max.poll.interval.ms); come back to this record after the backoff.
            scheduleRetry(tp, record.offset(), attempts);
            return false;
        }
        try {
            deadLetters.send(record, spec.groupId(), error, attempts, DeadLetterPublisher.reasonFor(error, retryable));
            log.warn("Group {}: dead-lettered {}@{} after {} attempt(s): {}", spec.groupId(), tp, record.offset(),
                    attempts, error.toString());
            markProcessed(tp, record);
            return true;
        } catch (DeadLetterPublisher.DeadLetterException dle) {
            // Not committed past this record: it is delivered again after the backoff and dead-lettered then.
            log.error("Group {}: {}; {}@{} stays uncommitted", spec.groupId(), dle.getMessage(), tp, record.offset());
            deadLettersFailing = true;
            scheduleRetry(tp, record.offset(), attempts);
            return false;
        }
    }

    private int attemptsSoFar(TopicPartition tp, long offset) {
        Retry r = retries.get(tp);
        return r != null && r.offset() == offset ? r.failedAttempts() : 0;
    }

    private void scheduleRetry(TopicPartition tp, long offset, int failedAttempts) {
        retries.put(tp, new Retry(offset, failedAttempts, System.nanoTime() + spec.retry().backoff().toNanos(), true));
        consumer.seek(tp, offset);
        consumer.pause(Set.of(tp));
    }

    private void resumeDueRetries() {
        if (retries.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        Set<TopicPartition> owned = consumer.assignment();
        for (Map.Entry<TopicPartition, Retry> e : retries.entrySet()) {
            Retry r = e.getValue();
            if (r.paused() && now - r.resumeAtNanos() >= 0 && owned.contains(e.getKey())) {
                consumer.resume(Set.of(e.getKey()));
                e.setValue(new Retry(r.offset(), r.failedAttempts(), r.resumeAtNanos(), false));
            }
        }
    }

    private void markProcessed(TopicPartition tp, ConsumerRecord<byte[], byte[]> record) {
        processed.put(tp, new OffsetAndMetadata(record.offset() + 1));
        Retry r = retries.get(tp);
        if (r != null && r.offset() <= record.offset()) {
            retries.remove(tp);
        }
        meters.messageConsumed(record.topic());
        meters.groupProcessed(spec.groupId());
    }

    /**
     * Commits every owned partition's processed offset, not only what changed since the last commit: Kafka does not
     * retry a failed async commit, and a partition that then goes quiet would keep its old offset (stale lag, and a
     * redelivery after restart). The map holds at most the member's partitions; entries leave on revoke or loss.
     */
    private void commitAsync() {
        if (processed.isEmpty()) {
            return;
        }
        consumer.commitAsync(Map.copyOf(processed), (committed, error) -> {
            if (error != null) {
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
                    e.setValue(new Retry(r.offset(), r.failedAttempts(), r.resumeAtNanos(), true));
                } else if (partitions.contains(e.getKey())) {
                    e.setValue(new Retry(r.offset(), r.failedAttempts(), r.resumeAtNanos(), false));
                }
            }
        }
    }
}
