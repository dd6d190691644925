package io.pipebench.load.driver;

import java.util.UUID;

/** Told, by the consumers' threads, of each record of the run a consumer group's handler completed. */
public interface ProcessedCallback {

    void processed(String group, long sequence, UUID eventId, long nowNanos);

    /**
     * One handler call of a group took {@code nanos} of wall time, and its member thread spent {@code cpuNanos} of CPU
     * since its previous call (-1 when unmeasured), for {@code records} records of the run, the first of which had
     * this sequence.
     */
    void handlerCall(String group, long firstSequence, int records, long nanos, long cpuNanos);
}
