package io.pipebench.faults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A fault run's count of every acknowledged event, by event id: against the event store's rows (lost, duplicate rows)
 * and against each group's processed set. Pure: the run gathers the sets, this compares them.
 *
 * @param acked          events the brokers acknowledged
 * @param stored         acknowledged events with at least one row
 * @param lost           acknowledged events without a row
 * @param duplicates     rows beyond the first for one event id (the events table's unique event_id makes this a
 *                       backstop: it counts what the constraint should make impossible)
 * @param storedNotAcked rows of events whose send failed at the producer and yet reached a broker (not a loss)
 * @param notProcessed   per group, acknowledged events on its topics its handler never completed
 * @param sampleLost     up to ten lost event ids, to look up
 */
public record Reconciliation(long acked, long stored, long lost, long duplicates, long storedNotAcked,
                             Map<String, Long> notProcessed, List<UUID> sampleLost) {

    private static final int SAMPLE = 10;

    public Reconciliation {
        notProcessed = Map.copyOf(notProcessed);
        sampleLost = List.copyOf(sampleLost);
    }

    /**
     * @param ackedTopics  each acknowledged event id and the topic it went to
     * @param groupTopics  each group and the topics it reads
     * @param processed    each group's processed event ids (for a group whose handler is out of reach, e.g. the audit
     *                     group in a child process, its output: the stored ids)
     * @param rowsPerEvent the run's rows in the event store, counted per event id
     */
    public static Reconciliation of(Map<UUID, String> ackedTopics, Map<String, List<String>> groupTopics,
                                    Map<String, Set<UUID>> processed, Map<UUID, Long> rowsPerEvent) {
        long stored = 0;
        long lost = 0;
        List<UUID> sample = new ArrayList<>();
        for (UUID id : ackedTopics.keySet()) {
            if (rowsPerEvent.getOrDefault(id, 0L) > 0) {
                stored++;
            } else {
                lost++;
                if (sample.size() < SAMPLE) {
                    sample.add(id);
                }
            }
        }
        long duplicates = 0;
        long storedNotAcked = 0;
        for (Map.Entry<UUID, Long> e : rowsPerEvent.entrySet()) {
            duplicates += Math.max(0, e.getValue() - 1);
            if (!ackedTopics.containsKey(e.getKey())) {
                storedNotAcked++;
            }
        }
        Map<String, Long> notProcessed = new LinkedHashMap<>();
        groupTopics.forEach((group, topics) -> {
            Set<UUID> done = processed.get(group);
            if (done == null) {
                // Fail closed: a group whose processed set was not gathered has processed nothing we can show.
                notProcessed.put(group, ackedTopics.values().stream().filter(topics::contains).count());
                return;
            }
            notProcessed.put(group, ackedTopics.entrySet().stream()
                    .filter(a -> topics.contains(a.getValue()) && !done.contains(a.getKey())).count());
        });
        return new Reconciliation(ackedTopics.size(), stored, lost, duplicates, storedNotAcked, notProcessed, sample);
    }

    /** Whether every acknowledged event was stored once and processed by every group that reads it. */
    public boolean complete() {
        return acked > 0 && lost == 0 && duplicates == 0 && notProcessed.values().stream().allMatch(n -> n == 0);
    }
}
