package io.pipebench.load.measure;

import io.pipebench.load.driver.ProcessedCallback;
import io.pipebench.load.driver.StoredEvents;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the consumers did with the run's records, counted where the data ends up: which records each consumer group
 * processed (its handler returned), how long its handler took per record, and the event ids the storing group wrote,
 * so that after the run drains every acknowledged record can be reconciled with each group and with the event store's
 * rows. Acknowledged by Kafka is not processed, and processed is not stored. Fed by the consumers' threads through
 * {@link #processed}; knows nothing of Kafka or JDBC (the store is asked through {@link StoredEvents}).
 */
public final class PipelineLedger implements ProcessedCallback {

    /**
     * The reconciliation of one run, after it drained.
     *
     * @param notProcessed per group, acknowledged records its handler never completed
     * @param notStored    acknowledged records without a row in the event store (never processed by the storing group,
     *                     or processed and yet not found by event id); -1 when the store was not checked
     * @param sampleNotStored a few sequence numbers of such records, for the report
     */
    public record Reconciliation(long acknowledged, Map<String, Long> notProcessed, long notStored,
                                 List<Long> sampleNotStored, String storeGroup, boolean drained) {

        /** Nothing missing anywhere. */
        public boolean complete() {
            return notStored <= 0 && notProcessed.values().stream().allMatch(n -> n == 0);
        }
    }

    /** Ten seconds in nanoseconds: a handler slower than that per record is clamped (and the run has failed). */
    private static final long HIGHEST_NANOS = 10_000_000_000L;
    private static final int CHUNK = 10_000;

    private final RunRecorder recorder;
    private final List<String> groups;
    private final Map<String, List<String>> topicsByGroup;
    private final String storeGroup;
    private final Map<String, SequenceSet> processed = new ConcurrentHashMap<>();
    private final Map<String, Recorder> processing = new ConcurrentHashMap<>();
    private final Map<String, Histogram> processingTotals = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> reprocessed = new ConcurrentHashMap<>();
    private final Map<String, StageCpu> cpu = new ConcurrentHashMap<>();
    private final LongsBySequence idHigh = new LongsBySequence();
    private final LongsBySequence idLow = new LongsBySequence();

    /**
     * @param topicsByGroup each consumer group and the topics it reads: it must process every record acknowledged on
     *                      them
     * @param storeGroup    the group that writes the event store, or null when none does
     */
    public PipelineLedger(RunRecorder recorder, Map<String, List<String>> topicsByGroup, String storeGroup) {
        this.recorder = recorder; // null only for a peer's ledger (ofPeer)
        this.topicsByGroup = Map.copyOf(topicsByGroup);
        this.groups = List.copyOf(topicsByGroup.keySet());
        this.storeGroup = storeGroup;
        for (String g : groups) {
            processed.put(g, new SequenceSet());
            processing.put(g, new Recorder(HIGHEST_NANOS, 3));
        }
    }

    /**
     * The ledger of another injector's records, processed by the consumers here (a distributed run's consumer host):
     * which records each group processed and the event ids stored, to be reconciled with that injector's
     * acknowledgements ({@link #reconcile(DeliveryLedger, StoredEvents, boolean)}). Its timings belong to that
     * injector's clock and recorder, so none are kept here.
     */
    public static PipelineLedger ofPeer(Map<String, List<String>> topicsByGroup, String storeGroup) {
        return new PipelineLedger(null, topicsByGroup, storeGroup);
    }

    /**
     * One call of a group's handler took {@code nanos}. Timed per call, not per record: a batch consumer that slows
     * down takes bigger batches, so its time per record hides a slower stage that its time per call shows.
     *
     * @param firstSequence a record of this run in the call, to tell whether the call belongs to the measured window
     */
    @Override
    public void handlerCall(String group, long firstSequence, int records, long nanos, long cpuNanos) {
        Recorder r = processing.get(group);
        if (recorder == null) {
            return; // a peer's records: timed by the peer
        }
        long intended = recorder.intendedNanos(firstSequence);
        if (r != null && intended != Long.MIN_VALUE && recorder.inWindow(intended)) {
            r.recordValue(Math.min(HIGHEST_NANOS, Math.max(0, nanos)));
            if (cpuNanos >= 0 && records > 0) {
                cpu.computeIfAbsent(group, g -> new StageCpu()).add(cpuNanos, records);
            }
        }
    }

    /**
     * Per group, its member threads' CPU microseconds per record in the measured window (polling, decoding, handling,
     * committing): the group's own cost, which a busy machine does not inflate as it does wall time. Groups whose CPU
     * could not be measured are absent.
     */
    public Map<String, Double> cpuPerRecordMicros() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String g : groups) {
            StageCpu c = cpu.get(g);
            if (c != null && c.records() > 0) {
                out.put(g, c.microsPerRecord());
            }
        }
        return out;
    }

    /** A group's handler completed for a record of this run; {@code eventId} matters only for the storing group. */
    @Override
    public void processed(String group, long sequence, UUID eventId, long nowNanos) {
        SequenceSet set = processed.get(group);
        if (set == null) {
            return; // a group this run does not reconcile
        }
        boolean storing = group.equals(storeGroup) && eventId != null;
        if (storing) {
            // the id before the set: reconcile() reads the id of every sequence it finds in the set
            idHigh.put(sequence, eventId.getMostSignificantBits());
            idLow.put(sequence, eventId.getLeastSignificantBits());
        }
        boolean first = set.add(sequence);
        if (!first) {
            reprocessed.computeIfAbsent(group, g -> new LongAdder()).increment();
        }
        if (storing && first && recorder != null) {
            recorder.stored(sequence, nowNanos);
        }
    }

    /** Per group, the handler's time per call for calls on records intended in the measured window (nanoseconds). */
    public Map<String, Histogram> processingTimes() {
        Map<String, Histogram> out = new LinkedHashMap<>();
        for (String g : groups) {
            Histogram total = processingTotals.computeIfAbsent(g, k -> new Histogram(HIGHEST_NANOS, 3));
            total.add(processing.get(g).getIntervalHistogram());
            out.put(g, total.copy());
        }
        return out;
    }

    /** Records a group processed more than once (at-least-once redelivery), by group. */
    public Map<String, Long> reprocessed() {
        Map<String, Long> out = new LinkedHashMap<>();
        reprocessed.forEach((g, n) -> out.put(g, n.sum()));
        return out;
    }

    /**
     * Reconciles the records acknowledged on each group's topics with what the group processed and, when a store is
     * given, every acknowledged record on the storing group's topics with the store's rows.
     */
    public Reconciliation reconcile(StoredEvents store, boolean drained) {
        return reconcile(recorder.ledger(), store, drained);
    }

    /** The same, against the acknowledgements of {@code ledger} (a peer injector's, read from its part). */
    public Reconciliation reconcile(DeliveryLedger ledger, StoredEvents store, boolean drained) {
        SequenceSet acked = ledger.acknowledged();
        Map<String, Long> notProcessed = new LinkedHashMap<>();
        for (String g : groups) {
            long n = 0;
            for (String topic : topicsByGroup.get(g)) {
                n += ledger.acknowledgedOn(topic).countNotIn(processed.get(g));
            }
            notProcessed.put(g, n);
        }
        if (storeGroup == null || store == null) {
            return new Reconciliation(acked.size(), notProcessed, -1, List.of(), storeGroup, drained);
        }
        long[] missing = {0};
        List<Long> sample = new ArrayList<>();
        Map<UUID, Long> chunk = new LinkedHashMap<>();
        SequenceSet stored = processed.get(storeGroup);
        SequenceSet expected = new SequenceSet();
        topicsByGroup.get(storeGroup).forEach(t -> ledger.acknowledgedOn(t).forEach(expected::add));
        expected.forEach(seq -> {
            if (!stored.contains(seq)) {
                missing[0]++;
                if (sample.size() < 10) {
                    sample.add(seq);
                }
                return;
            }
            chunk.put(new UUID(idHigh.get(seq), idLow.get(seq)), seq);
            if (chunk.size() == CHUNK) {
                missing[0] += absent(store, chunk, sample);
                chunk.clear();
            }
        });
        if (!chunk.isEmpty()) {
            missing[0] += absent(store, chunk, sample);
        }
        return new Reconciliation(acked.size(), notProcessed, missing[0], sample, storeGroup, drained);
    }

    private static long absent(StoredEvents store, Map<UUID, Long> chunk, List<Long> sample) {
        Set<UUID> present = store.present(chunk.keySet());
        long n = 0;
        for (Map.Entry<UUID, Long> e : chunk.entrySet()) {
            if (!present.contains(e.getKey())) {
                n++;
                if (sample.size() < 10) {
                    sample.add(e.getValue());
                }
            }
        }
        return n;
    }
}
