package io.pipebench.load.driver.reference;

import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventIds;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.workload.EventMix;
import io.pipebench.workload.EventSequence;
import io.pipebench.workload.KeySpace;
import io.pipebench.workload.Workload;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A workload's events for many sending threads. An {@link EventSequence} is not thread-safe, so every thread that asks
 * gets its own, seeded from the workload seed and the thread's arrival order: runs are repeatable per thread.
 */
public final class WorkloadEvents {

    private final EventMix mix;
    private final KeySpace keys;
    private final EventTypeRegistry registry;
    private final long seed;
    private final EventIds eventIds;
    private final AtomicLong threads = new AtomicLong();
    private final ThreadLocal<EventSequence> sequence = ThreadLocal.withInitial(this::newSequence);

    public WorkloadEvents(Workload workload, EventTypeRegistry registry) {
        this(workload, registry, 0);
    }

    /**
     * @param runSalt mixed into the seed so that each run's events (and their event ids) differ from every other run's
     *                in the same event store: a settle phase, max-rate steps and confirmations share one store, and
     *                reused ids would be skipped as duplicates there, and counted as stored from an earlier run
     */
    public WorkloadEvents(Workload workload, EventTypeRegistry registry, long runSalt) {
        this(workload, registry, runSalt, workload.keySpace());
    }

    /** @param keys the aggregates to draw from: a slice of the workload's when several injectors share a run */
    public WorkloadEvents(Workload workload, EventTypeRegistry registry, long runSalt, KeySpace keys) {
        this.mix = workload.eventMix(registry);
        this.keys = keys;
        this.registry = registry;
        this.seed = workload.seed() ^ runSalt;
        this.eventIds = workload.eventIds();
    }

    /** The next event; safe to call from several threads. */
    public DomainEvent next() {
        return sequence.get().next();
    }

    private EventSequence newSequence() {
        long threadSeed = seed * 1_000_003L + threads.getAndIncrement();
        return new EventSequence(mix, keys, registry, threadSeed, Clock.systemUTC(), eventIds);
    }
}
