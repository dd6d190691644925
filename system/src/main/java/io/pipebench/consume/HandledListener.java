package io.pipebench.consume;

import java.util.List;

/**
 * Told after a group's handler returned for a batch of events, i.e. the events were processed (for the audit group:
 * committed to the event store). The load harness uses it to reconcile what was acknowledged with what each group
 * processed, and to time each group's processing. Runs on the member's thread: keep it short and thread-safe.
 */
@FunctionalInterface
public interface HandledListener {

    HandledListener NONE = (groupId, events, handlerNanos, memberCpuNanos) -> {
    };

    /**
     * @param handlerNanos   how long the handler took for the whole call
     * @param memberCpuNanos the member thread's CPU time since its previous call returned, this call included
     *                       (polling, decoding, handling, committing), -1 for a thread's first call or where the JVM
     *                       cannot measure thread CPU: unlike wall time it does not grow when the machine is busy, so
     *                       it shows a slower group on a shared machine
     */
    void handled(String groupId, List<ConsumedEvent> events, long handlerNanos, long memberCpuNanos);
}
