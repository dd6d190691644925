package io.pipebench.load.driver.reference;

import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventFactory;
import io.pipebench.events.EventType;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.workload.EventMix;
import io.pipebench.workload.KeySpace;
import io.pipebench.workload.Workload;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A workload's events: type by the workload's mix, aggregate by its key distribution, content from the system's
 * {@link EventFactory}. EventFactory is not thread-safe, so every thread that asks gets its own factory and random
 * source, seeded from the workload seed and the thread's arrival order: runs are repeatable per thread.
 */
public final class WorkloadEvents {

    private final EventMix mix;
    private final KeySpace keys;
    private final EventTypeRegistry registry;
    private final long seed;
    private final AtomicLong threads = new AtomicLong();
    private final ThreadLocal<Generator> generator = ThreadLocal.withInitial(this::newGenerator);

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
    }

    /** The next event; safe to call from several threads. */
    public DomainEvent next() {
        Generator g = generator.get();
        EventType type = mix.pick(g.random);
        return g.factory.create(type.name(), keys.pick(type.context(), g.random));
    }

    private Generator newGenerator() {
        long n = threads.getAndIncrement();
        long threadSeed = seed * 1_000_003L + n;
        return new Generator(new SplittableRandom(threadSeed), new EventFactory(registry, threadSeed));
    }

    private record Generator(SplittableRandom random, EventFactory factory) {
    }
}
