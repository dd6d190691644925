package io.pipebench.load.measure;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Which records of a run the broker acknowledged and which the end-to-end consumer read, and how often. At the end:
 * lost = acknowledged but never read; duplicated = read more than once (each extra copy counts); and, for the
 * report, written although the producer reported a failure (a timeout after the broker had appended, say).
 */
public final class DeliveryLedger {

    private final SequenceSet acked = new SequenceSet();
    private final SequenceSet seen = new SequenceSet();
    private final LongAdder duplicates = new LongAdder();
    private final java.util.Map<String, SequenceSet> ackedByTopic = new java.util.concurrent.ConcurrentHashMap<>();

    public void acknowledged(long sequence) {
        acked.add(sequence);
    }

    /** Acknowledged on a topic: a consumer group is reconciled only with the topics it reads. */
    public void acknowledged(long sequence, String topic) {
        acked.add(sequence);
        if (topic != null) {
            ackedByTopic.computeIfAbsent(topic, t -> new SequenceSet()).add(sequence);
        }
    }

    /** The acknowledged sequences of one topic (empty when none). */
    public SequenceSet acknowledgedOn(String topic) {
        return ackedByTopic.getOrDefault(topic, new SequenceSet());
    }

    /** A record of the run was read; true the first time this sequence is read. */
    public boolean read(long sequence) {
        if (seen.add(sequence)) {
            return true;
        }
        duplicates.increment();
        return false;
    }

    public long acknowledgedCount() {
        return acked.size();
    }

    public long readCount() {
        return seen.size();
    }

    public long lost() {
        return acked.countNotIn(seen);
    }

    public long duplicated() {
        return duplicates.sum();
    }

    /** Read although never acknowledged (the producer gave up, but the record had been written). */
    public long readButNotAcknowledged() {
        return seen.countNotIn(acked);
    }

    /** The acknowledged sequences (read-only use: reconciliation with the consumers and the store). */
    public SequenceSet acknowledged() {
        return acked;
    }

    /** A few lost sequence numbers, for the report. */
    public List<Long> sampleLost(int limit) {
        return acked.firstNotIn(seen, limit);
    }
}
