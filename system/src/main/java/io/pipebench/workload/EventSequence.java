package io.pipebench.workload;

import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventFactory;
import io.pipebench.events.EventIds;
import io.pipebench.events.EventType;
import io.pipebench.events.EventTypeRegistry;

import java.time.Clock;
import java.util.SplittableRandom;

/**
 * A workload's events for one seed, one after another: type by the workload's mix, aggregate by its key distribution,
 * content from the system's {@link EventFactory}. The one place events are drawn from a workload ({@code pipebench
 * run}, {@code profiles compare} and the load harness all come here). Not thread-safe: one sequence per thread.
 */
public final class EventSequence {

    private final EventMix mix;
    private final KeySpace keys;
    private final EventFactory factory;
    private final SplittableRandom random;

    /** The workload's mix, aggregates and event ids, stamped with the system UTC clock. */
    public EventSequence(Workload workload, EventTypeRegistry registry, long seed) {
        this(workload.eventMix(registry), workload.keySpace(), registry, seed, Clock.systemUTC(), workload.eventIds());
    }

    /** As below, with the design document's random event ids. */
    public EventSequence(EventMix mix, KeySpace keys, EventTypeRegistry registry, long seed, Clock clock) {
        this(mix, keys, registry, seed, clock, EventIds.RANDOM);
    }

    /**
     * @param keys     the aggregates to draw from (a slice of the workload's when several injectors share a run)
     * @param clock    stamps the events; a fixed clock makes a sequence fully repeatable
     * @param eventIds how event ids are made: the workload's {@link Workload#eventIds()}
     */
    public EventSequence(EventMix mix, KeySpace keys, EventTypeRegistry registry, long seed, Clock clock,
                         EventIds eventIds) {
        this.mix = mix;
        this.keys = keys;
        // The factory and the picks draw from two sources seeded alike, as every generator here always has.
        this.factory = new EventFactory(registry, seed, clock, eventIds);
        this.random = new SplittableRandom(seed);
    }

    public DomainEvent next() {
        EventType type = mix.pick(random);
        return factory.create(type.name(), keys.pick(type.context(), random));
    }
}
