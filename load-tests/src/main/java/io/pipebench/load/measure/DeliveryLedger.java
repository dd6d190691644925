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

    /**
     * Writes the acknowledged records by topic (gzip): a distributed run's consumer host reconciles another injector's
     * records with its groups and the store from it ({@link #readAcknowledged}).
     */
    public void writeAcknowledged(java.nio.file.Path file) throws java.io.IOException {
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(file))))) {
            out.writeInt(ackedByTopic.size());
            for (java.util.Map.Entry<String, SequenceSet> e : new java.util.TreeMap<>(ackedByTopic).entrySet()) {
                out.writeUTF(e.getKey());
                e.getValue().writeTo(out);
            }
        }
    }

    /** A ledger holding the acknowledgements {@link #writeAcknowledged} wrote, by topic (nothing read back). */
    public static DeliveryLedger readAcknowledged(java.io.InputStream file) throws java.io.IOException {
        DeliveryLedger ledger = new DeliveryLedger();
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(
                new java.util.zip.GZIPInputStream(file)))) {
            int topics = in.readInt();
            for (int t = 0; t < topics; t++) {
                String topic = in.readUTF();
                SequenceSet set = SequenceSet.readFrom(in);
                ledger.ackedByTopic.put(topic, set);
                set.forEach(ledger.acked::add);
            }
        }
        return ledger;
    }

    /** A few lost sequence numbers, for the report. */
    public List<Long> sampleLost(int limit) {
        return acked.firstNotIn(seen, limit);
    }
}
