package io.pipebench.load.driver;

import java.util.UUID;

/** Told, by the consumers' threads, of each record of the run a consumer group's handler completed. */
public interface ProcessedCallback {

    void processed(String group, long sequence, UUID eventId, long nowNanos);

    /** One handler call of a group took {@code nanos}; its first record of the run had this sequence. */
    void handlerCall(String group, long firstSequence, long nanos);
}
